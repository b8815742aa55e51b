package dev.crucible.report.compare;

import dev.crucible.report.model.JmhRun;
import dev.crucible.report.model.Run;
import dev.crucible.report.read.Inputs;
import dev.crucible.report.stats.JmhComparison;
import dev.crucible.report.stats.Row;
import dev.crucible.report.stats.Rules;
import dev.crucible.report.stats.RunComparison;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report shows: the inputs grouped by label, the baseline label, and the verdict rows of every
 * other label against it. Build one with {@link #of}; it is what the renderers draw.
 *
 * @param inputs what was read
 * @param baseline the baseline label (null when nothing to compare)
 * @param groups runs by label, in first-seen order
 * @param jmhGroups JMH files by label
 * @param rows verdict rows for runs, every candidate label in turn
 * @param jmhRows verdict rows for JMH benchmarks
 * @param rules the verdict's knobs
 * @param created when the report was made
 */
public record Comparison(Inputs inputs, String baseline, Map<String, List<Run>> groups,
        Map<String, List<JmhRun>> jmhGroups, List<Row> rows, List<Row> jmhRows, Rules rules, Instant created) {

    /** Groups the inputs, picks the baseline (a label, or a path of one of the inputs), compares. */
    public static Comparison of(Inputs inputs, String baselineArg, Rules rules) {
        Map<String, List<Run>> groups = new LinkedHashMap<>();
        inputs.runs().forEach(r -> groups.computeIfAbsent(r.label(), l -> new ArrayList<>()).add(r));
        Map<String, List<JmhRun>> jmh = new LinkedHashMap<>();
        inputs.jmh().forEach(r -> jmh.computeIfAbsent(r.label(), l -> new ArrayList<>()).add(r));
        String baseline = baseline(inputs, baselineArg, groups, jmh);
        List<Row> rows = new ArrayList<>();
        if (groups.containsKey(baseline)) {
            groups.forEach((label, runs) -> {
                if (!label.equals(baseline)) {
                    rows.addAll(RunComparison.compare(label, groups.get(baseline), runs, rules));
                }
            });
        }
        List<Row> jmhRows = new ArrayList<>();
        if (jmh.containsKey(baseline)) {
            jmh.forEach((label, runs) -> {
                if (!label.equals(baseline)) {
                    jmhRows.addAll(JmhComparison.compare(label, jmh.get(baseline), runs, rules));
                }
            });
        }
        return new Comparison(inputs, baseline, groups, jmh, rows, jmhRows, rules, Instant.now());
    }

    private static String baseline(Inputs inputs, String arg, Map<String, List<Run>> groups,
            Map<String, List<JmhRun>> jmh) {
        if (arg != null) {
            if (groups.containsKey(arg) || jmh.containsKey(arg)) {
                return arg;
            }
            Path p = Path.of(arg).toAbsolutePath().normalize();
            for (Run r : inputs.runs()) {
                if (r.source().toAbsolutePath().normalize().equals(p)) {
                    return r.label();
                }
            }
            for (JmhRun r : inputs.jmh()) {
                if (r.source().toAbsolutePath().normalize().equals(p)) {
                    return r.label();
                }
            }
            throw new IllegalArgumentException("--baseline " + arg + " is neither a label of the inputs ("
                    + String.join(", ", allLabels(groups, jmh)) + ") nor one of their paths");
        }
        return !inputs.runs().isEmpty() ? inputs.runs().get(0).label() : inputs.jmh().get(0).label();
    }

    private static List<String> allLabels(Map<String, List<Run>> groups, Map<String, List<JmhRun>> jmh) {
        List<String> all = new ArrayList<>(groups.keySet());
        jmh.keySet().stream().filter(l -> !all.contains(l)).forEach(all::add);
        return all;
    }

    /** Every verdict row, runs then JMH. */
    public List<Row> allRows() {
        List<Row> all = new ArrayList<>(rows);
        all.addAll(jmhRows);
        return all;
    }

    /** Whether there is anything to compare (two labels or more). */
    public boolean compares() {
        return groups.size() + jmhGroups.size() > 1 && !allRows().isEmpty();
    }
}

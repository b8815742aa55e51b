package dev.crucible.report.render;

import dev.crucible.report.compare.Comparison;
import dev.crucible.report.model.JmhRun;
import dev.crucible.report.model.JmhScore;
import dev.crucible.report.model.Run;
import dev.crucible.report.stats.Format;
import dev.crucible.report.stats.Row;
import java.util.List;

/** report.md: the header, validity, verdict table and method, for a pull request or a terminal. */
public final class MarkdownReport {
    private MarkdownReport() {}

    /** The Markdown text; {@code htmlName} is the HTML report's file name beside it. */
    public static String render(Comparison comparison, String htmlName) {
        StringBuilder b = new StringBuilder();
        b.append("# Crucible report\n\n");
        b.append("Made ").append(comparison.created()).append(" from ").append(comparison.inputs().runs().size())
                .append(" run(s)").append(comparison.inputs().jmh().isEmpty() ? "" : " and " + comparison.inputs().jmh().size()
                        + " JMH file(s)").append(". Charts: [").append(htmlName).append("](").append(htmlName).append(").\n\n");
        if (comparison.compares()) {
            b.append("**Overall: ").append(VerdictJson.overall(comparison.allRows()).text()).append("** (baseline `")
                    .append(comparison.baseline()).append("`)\n\n");
        }
        runs(b, comparison);
        if (!comparison.rows().isEmpty()) {
            b.append("## Verdict\n\n| candidate | metric | statistic | baseline | candidate | change [interval] | A/A noise"
                    + " | verdict |\n|---|---|---|---:|---:|---|---:|---|\n");
            for (Row r : comparison.rows()) {
                row(b, r);
            }
            b.append('\n');
        } else if (comparison.groups().size() == 1) {
            b.append("One label only (`").append(comparison.baseline()).append("`): nothing to compare.\n\n");
        }
        if (!comparison.inputs().jmh().isEmpty()) {
            jmh(b, comparison);
        }
        b.append("## How the verdict is computed\n\n");
        for (String s : Describe.method(comparison)) {
            b.append("- ").append(s).append('\n');
        }
        return b.toString();
    }

    private static void runs(StringBuilder b, Comparison comparison) {
        b.append("## Runs\n\n| run | label | target | git | validity | rate | send delay p99 | errors | lost | dup |"
                + " samples |\n|---|---|---|---|---|---|---:|---:|---:|---:|---:|\n");
        for (Run r : comparison.inputs().runs()) {
            var v = r.validity();
            b.append("| ").append(cell(r.id())).append(" | ").append(cell(Describe.runName(comparison, r))).append(" | ")
                    .append(cell(r.facts().getOrDefault("target", r.format()))).append(" | ")
                    .append(cell(r.facts().getOrDefault("git revision", ""))).append(" | ").append(Describe.validity(r))
                    .append(" | ").append(Describe.rate(v)).append(" | ").append(Describe.sendDelayP99(r)).append(" | ")
                    .append(Describe.count(v.sendErrors())).append(" | ").append(Describe.count(v.lost())).append(" | ")
                    .append(Describe.count(v.duplicated())).append(" | ").append(String.format("%,d", Describe.samples(r)))
                    .append(" |\n");
        }
        b.append('\n');
    }

    private static void row(StringBuilder b, Row r) {
        b.append("| ").append(cell(r.candidate())).append(" | ").append(r.metric()).append(" | ").append(cell(r.statistic()))
                .append(" | ").append(Format.value(r.baseline(), r.unit())).append(" | ").append(Format.value(r.value(), r.unit()))
                .append(" | ").append(Describe.change(r)).append(" | ").append(Format.percent(r.noise())).append(" | ")
                .append(r.verdict() == dev.crucible.report.stats.Verdict.REGRESSION ? "**REGRESSION**" : r.verdict().text())
                .append(" |\n");
    }

    private static void jmh(StringBuilder b, Comparison comparison) {
        b.append("## JMH\n\n| file | label | benchmark | mode | score ± error |\n|---|---|---|---|---:|\n");
        for (JmhRun run : comparison.inputs().jmh()) {
            for (JmhScore s : run.scores()) {
                b.append("| ").append(cell(run.id())).append(" | ").append(cell(run.label())).append(" | ")
                        .append(cell(s.key())).append(" | ").append(s.mode()).append(" | ").append(Format.sig3(s.score()))
                        .append(" ± ").append(Format.sig3(s.error())).append(' ').append(s.unit()).append(" |\n");
            }
        }
        b.append('\n');
        List<Row> rows = comparison.jmhRows();
        if (!rows.isEmpty()) {
            b.append("| candidate | benchmark | baseline | candidate | change [interval] | verdict |\n|---|---|---:|---:|---|---|\n");
            for (Row r : rows) {
                b.append("| ").append(cell(r.candidate())).append(" | ").append(cell(r.statistic())).append(" | ")
                        .append(Format.value(r.baseline(), r.unit())).append(" | ").append(Format.value(r.value(), r.unit()))
                        .append(" | ").append(Describe.change(r)).append(" | ").append(r.verdict().text()).append(" |\n");
            }
            b.append('\n');
        }
    }

    private static String cell(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\n", " ");
    }
}

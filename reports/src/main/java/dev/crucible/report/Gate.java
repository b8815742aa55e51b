package dev.crucible.report;

import dev.crucible.report.stats.Row;
import dev.crucible.report.stats.RunComparison;
import dev.crucible.report.stats.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The CI gate of {@code --fail-on-regression}: thresholds like {@code p99=+10%,throughput=-5%}.
 * A threshold names a statistic (p50, p90, p99, p99.9, p99.99, throughput, or jmh for every JMH
 * benchmark), optionally prefixed by a metric ({@code end-to-end.p99}, or {@code *.p99} for every
 * latency metric; a bare percentile means response time). The gate fails on a row whose verdict
 * is REGRESSION and whose change is at least the threshold in the worse direction; the sign in the
 * threshold is optional and only checked to agree with that direction.
 *
 * @param thresholds parsed thresholds, in the order given
 */
public record Gate(List<Threshold> thresholds) {

    /**
     * One threshold.
     *
     * @param metric metric key, "*" for every latency metric, "throughput" or "jmh"
     * @param statistic p99 etc., "msgs/s" for throughput, "*" for JMH
     * @param fraction the size of the worsening that fails the gate (0.10 = 10%)
     * @param text as written
     */
    public record Threshold(String metric, String statistic, double fraction, String text) {
        boolean matches(Row r) {
            if (metric.equals("jmh")) {
                return r.metric().equals("jmh");
            }
            return (metric.equals("*") ? !r.metric().equals("throughput") && !r.metric().equals("jmh")
                    : r.metric().equals(metric)) && r.statistic().equals(statistic);
        }
    }

    /** Parses the flag's value; an error says which part is wrong and what is accepted. */
    public static Gate parse(String spec) {
        List<Threshold> out = new ArrayList<>();
        for (String part : spec.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0 || !p.endsWith("%")) {
                throw new IllegalArgumentException("'" + p + "': expected NAME=+N% (e.g. p99=+10%, throughput=-5%)");
            }
            String name = p.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            double pct;
            try {
                pct = Double.parseDouble(p.substring(eq + 1, p.length() - 1).trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + p + "': the threshold is not a number");
            }
            out.add(threshold(p, name, pct));
        }
        return new Gate(out);
    }

    private static Threshold threshold(String text, String name, double pct) {
        if (name.equals("throughput")) {
            if (pct > 0) {
                throw new IllegalArgumentException("'" + text + "': a throughput regression is a drop; write throughput=-"
                        + pct + "%");
            }
            return new Threshold("throughput", "msgs/s", Math.abs(pct) / 100, text);
        }
        if (name.equals("jmh")) {
            return new Threshold("jmh", "*", Math.abs(pct) / 100, text);
        }
        int dot = name.lastIndexOf(".p");
        String metric = dot > 0 ? name.substring(0, dot) : "response";
        String stat = dot > 0 ? name.substring(dot + 1) : name;
        if (stat.equals("max")) {
            throw new IllegalArgumentException("'" + text + "': the maximum is never judged (one sample); gate on p99.9 or"
                    + " p99.99");
        }
        if (!Arrays.asList(RunComparison.NAMES).contains(stat)) {
            throw new IllegalArgumentException("'" + text + "': unknown statistic '" + stat + "' (p50, p90, p99, p99.9,"
                    + " p99.99, throughput, jmh)");
        }
        if (pct < 0) {
            throw new IllegalArgumentException("'" + text + "': a latency regression is a rise; write " + name + "=+"
                    + Math.abs(pct) + "%");
        }
        return new Threshold(metric, stat, pct / 100, text);
    }

    /** The rows that fail the gate, with the threshold each broke. */
    public List<String> offending(List<Row> rows) {
        List<String> bad = new ArrayList<>();
        for (Row r : rows) {
            if (r.verdict() != Verdict.REGRESSION) {
                continue;
            }
            for (Threshold t : thresholds) {
                if (t.matches(r) && Math.abs(r.change()) >= t.fraction()) {
                    bad.add(String.format(Locale.ROOT, "%s %s %s: %s (interval %s .. %s) breaks %s", r.candidate(), r.metric(),
                            r.statistic(), dev.crucible.report.stats.Format.signedPercent(r.change()),
                            dev.crucible.report.stats.Format.signedPercent(r.low()),
                            dev.crucible.report.stats.Format.signedPercent(r.high()), t.text()));
                    break;
                }
            }
        }
        return bad;
    }
}

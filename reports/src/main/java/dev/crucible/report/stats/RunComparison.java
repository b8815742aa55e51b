package dev.crucible.report.stats;

import dev.crucible.report.model.Distribution;
import dev.crucible.report.model.RatePoint;
import dev.crucible.report.model.Run;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Compares a candidate group of runs against a baseline group, metric by metric and percentile
 * by percentile, plus throughput. A group's figure is the mean of its runs' figures. Its spread is
 * a two-level bootstrap: runs drawn with replacement (when there are repetitions), then each drawn
 * run's own intervals resampled in blocks; the change's interval is the percentile interval of
 * the replicated changes.
 */
public final class RunComparison {
    /** The percentiles of the verdict table; 100 is the maximum. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9, 99.99, 100};
    /** Their names. */
    public static final String[] NAMES = {"p50", "p90", "p99", "p99.9", "p99.99", "max"};

    private RunComparison() {}

    /** Rows for every latency metric both groups have, then throughput when both have it. */
    public static List<Row> compare(String candidate, List<Run> base, List<Run> cand, Rules rules) {
        List<Row> rows = new ArrayList<>();
        String invalid = invalidRuns(base, cand);
        SplittableRandom random = new SplittableRandom(rules.seed());
        for (String metric : commonMetrics(base, cand)) {
            rows.addAll(latencyRows(candidate, metric, base, cand, rules, invalid, random));
        }
        if (base.stream().allMatch(r -> hasRates(r)) && cand.stream().allMatch(r -> hasRates(r))) {
            rows.add(throughputRow(candidate, base, cand, rules, invalid, random));
        }
        return rows;
    }

    private static boolean hasRates(Run r) {
        return r.rates().stream().anyMatch(RatePoint::measured);
    }

    private static Set<String> commonMetrics(List<Run> base, List<Run> cand) {
        Set<String> common = new LinkedHashSet<>(base.get(0).metrics().keySet());
        base.forEach(r -> common.retainAll(r.metrics().keySet()));
        cand.forEach(r -> common.retainAll(r.metrics().keySet()));
        return common;
    }

    /** Names the runs that make every row INCONCLUSIVE, or null. */
    static String invalidRuns(List<Run> base, List<Run> cand) {
        List<String> why = new ArrayList<>();
        for (List<Run> group : List.of(base, cand)) {
            for (Run r : group) {
                if (!r.validity().complete()) {
                    why.add(r.id() + " is INCOMPLETE");
                } else if (r.validity().rateMissed()) {
                    why.add(r.id() + " missed its target rate");
                }
            }
        }
        return why.isEmpty() ? null : String.join("; ", why);
    }

    private static List<Row> latencyRows(String candidate, String metric, List<Run> base, List<Run> cand, Rules rules,
            String invalid, SplittableRandom random) {
        double[][] basePerRun = perRun(base, metric);
        double[][] candPerRun = perRun(cand, metric);
        double[] b = mean(basePerRun);
        double[] c = mean(candPerRun);
        double[][] changes = new double[PERCENTILES.length][rules.replicates()];
        for (int k = 0; k < rules.replicates(); k++) {
            double[] rb = replicate(base, metric, random);
            double[] rc = replicate(cand, metric, random);
            for (int i = 0; i < PERCENTILES.length; i++) {
                changes[i][k] = rc[i] / rb[i] - 1;
            }
        }
        long minCount = Math.min(minCount(base, metric), minCount(cand, metric));
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < PERCENTILES.length; i++) {
            double change = c[i] / b[i] - 1;
            double[] ci = Judge.interval(changes[i], rules);
            double noise = Judge.pairNoise(column(basePerRun, i), column(candPerRun, i));
            Object[] v;
            if (PERCENTILES[i] == 100) {
                v = new Object[] {Verdict.NOT_JUDGED, "the maximum is one sample: shown, never judged"};
            } else if (invalid != null) {
                v = new Object[] {Verdict.INCONCLUSIVE, invalid};
            } else if (minCount * (1 - PERCENTILES[i] / 100) < rules.minTailSamples()) {
                v = new Object[] {Verdict.INCONCLUSIVE, "too few samples beyond " + NAMES[i] + ": a run has " + minCount
                        + ", needs " + Math.round(rules.minTailSamples() / (1 - PERCENTILES[i] / 100))};
            } else {
                v = Judge.verdict(change, ci[0], ci[1], noise, false, rules);
            }
            rows.add(new Row(candidate, metric, NAMES[i], "us", b[i], c[i], change, ci[0], ci[1], noise, false,
                    (Verdict) v[0], (String) v[1]));
        }
        return rows;
    }

    private static double[][] perRun(List<Run> runs, String metric) {
        double[][] out = new double[runs.size()][];
        for (int r = 0; r < runs.size(); r++) {
            out[r] = runs.get(r).metrics().get(metric).distribution().valuesAt(PERCENTILES);
        }
        return out;
    }

    private static double[] replicate(List<Run> runs, String metric, SplittableRandom random) {
        double[] sum = new double[PERCENTILES.length];
        for (int r = 0; r < runs.size(); r++) {
            Run run = runs.size() == 1 ? runs.get(0) : runs.get(random.nextInt(runs.size()));
            Distribution d = run.metrics().get(metric).distribution().resample(random);
            double[] v = d.valuesAt(PERCENTILES);
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= runs.size();
        }
        return sum;
    }

    private static long minCount(List<Run> runs, String metric) {
        return runs.stream().mapToLong(r -> r.metrics().get(metric).distribution().count()).min().orElse(0);
    }

    private static double[] mean(double[][] perRun) {
        double[] m = new double[perRun[0].length];
        for (double[] run : perRun) {
            for (int i = 0; i < m.length; i++) {
                m[i] += run[i] / perRun.length;
            }
        }
        return m;
    }

    private static double[] column(double[][] perRun, int i) {
        double[] col = new double[perRun.length];
        for (int r = 0; r < perRun.length; r++) {
            col[r] = perRun[r][i];
        }
        return col;
    }

    private static Row throughputRow(String candidate, List<Run> base, List<Run> cand, Rules rules, String invalid,
            SplittableRandom random) {
        double[] bRuns = base.stream().mapToDouble(Run::measuredThroughput).toArray();
        double[] cRuns = cand.stream().mapToDouble(Run::measuredThroughput).toArray();
        double b = java.util.Arrays.stream(bRuns).average().orElse(Double.NaN);
        double c = java.util.Arrays.stream(cRuns).average().orElse(Double.NaN);
        double[] changes = new double[rules.replicates()];
        for (int k = 0; k < changes.length; k++) {
            changes[k] = Rates.replicate(cand, random) / Rates.replicate(base, random) - 1;
        }
        double change = c / b - 1;
        double[] ci = Judge.interval(changes, rules);
        double noise = Judge.pairNoise(bRuns, cRuns);
        Object[] v = invalid != null ? new Object[] {Verdict.INCONCLUSIVE, invalid}
                : Judge.verdict(change, ci[0], ci[1], noise, true, rules);
        return new Row(candidate, "throughput", "msgs/s", "msg/s", b, c, change, ci[0], ci[1], noise, true,
                (Verdict) v[0], (String) v[1]);
    }
}

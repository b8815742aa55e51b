package dev.crucible.report.render;

import dev.crucible.report.chart.Axis;
import dev.crucible.report.chart.Band;
import dev.crucible.report.chart.Chart;
import dev.crucible.report.chart.RefLine;
import dev.crucible.report.chart.Series;
import dev.crucible.report.chart.Style;
import dev.crucible.report.compare.Comparison;
import dev.crucible.report.model.Distribution;
import dev.crucible.report.model.Fault;
import dev.crucible.report.model.Interval;
import dev.crucible.report.model.MetricSample;
import dev.crucible.report.model.RatePoint;
import dev.crucible.report.model.Run;
import dev.crucible.report.stats.Spectrum;
import java.util.ArrayList;
import java.util.List;

/** The report's charts, built from runs (values converted from microseconds to milliseconds). */
final class Charts {
    private static final String WARMUP = "#9e9e9e";
    private static final String FAULT = "#d55e00";

    private Charts() {}

    /** A metric's short name for chart titles and axes ("response time", "end-to-end"). */
    static String shortName(String key) {
        return switch (key) {
            case "response" -> "response time";
            case "service" -> "service time";
            case "send-delay" -> "send delay";
            case "end-to-end" -> "end-to-end latency";
            default -> key;
        };
    }

    /** One colour per label, in order of appearance, so every chart shows a label alike. */
    static String labelColour(Comparison comparison, String label) {
        int i = new ArrayList<>(comparison.groups().keySet()).indexOf(label);
        return Chart.PALETTE.get(Math.max(0, i) % Chart.PALETTE.size());
    }

    /** Every run's percentile spectrum of one metric on a "nines" axis. */
    static String spectrum(Comparison comparison, String metric, String title) {
        Chart c = Chart.of(title + ": percentile spectrum", Axis.nines("percentile"), Axis.linear(title, "ms").withMin(0));
        for (Run r : comparison.inputs().runs()) {
            MetricSample s = r.metrics().get(metric);
            if (s == null) {
                continue;
            }
            Distribution d = s.distribution();
            double[] ps = d.spectrumPercentiles();
            double[] xs = java.util.Arrays.stream(ps).filter(p -> p < 100).toArray();
            double[] ys = d.valuesAt(xs);
            for (int i = 0; i < ys.length; i++) {
                ys[i] /= 1000;
            }
            boolean repeat = comparison.groups().get(r.label()).indexOf(r) > 0;
            c.add(new Series(Describe.runName(comparison, r), xs, ys, repeat ? Style.DASHED : Style.LINE,
                    labelColour(comparison, r.label())));
        }
        return c.svg();
    }

    /** Candidate/baseline ratio of the label means at each percentile, one line per candidate. */
    static String ratio(Comparison comparison, String metric, String title) {
        Chart c = Chart.of(title + ": candidate / baseline", Axis.nines("percentile"),
                Axis.linear("ratio", ""));
        List<Run> base = comparison.groups().get(comparison.baseline());
        if (base == null || base.stream().anyMatch(r -> !r.metrics().containsKey(metric))) {
            return c.svg();
        }
        comparison.groups().forEach((label, runs) -> {
            if (label.equals(comparison.baseline()) || runs.stream().anyMatch(r -> !r.metrics().containsKey(metric))) {
                return;
            }
            long n = Math.min(minCount(base, metric), minCount(runs, metric));
            double[] xs = java.util.Arrays.stream(Spectrum.percentiles(n)).filter(p -> p < 100).toArray();
            double[] b = meanAt(base, metric, xs);
            double[] k = meanAt(runs, metric, xs);
            double[] ys = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                ys[i] = k[i] / b[i];
            }
            c.add(new Series(label + " / " + comparison.baseline(), xs, ys, Style.LINE, labelColour(comparison, label)));
        });
        return c.refLine(new RefLine(1.0, "no change")).svg();
    }

    private static long minCount(List<Run> runs, String metric) {
        return runs.stream().mapToLong(r -> r.metrics().get(metric).distribution().count()).min().orElse(0);
    }

    private static double[] meanAt(List<Run> runs, String metric, double[] ps) {
        double[] m = new double[ps.length];
        for (Run r : runs) {
            double[] v = r.metrics().get(metric).distribution().valuesAt(ps);
            for (int i = 0; i < ps.length; i++) {
                m[i] += v[i] / runs.size();
            }
        }
        return m;
    }

    /** p50, p99 and max per interval of one run, warm-up and faults shaded. */
    static String overTime(Comparison comparison, Run run, MetricSample s) {
        Chart c = Chart.of(Describe.runName(comparison, run) + ": " + shortName(s.key()) + " over time",
                Axis.linear("time since start", "s"), Axis.linear(shortName(s.key()), "ms").withMin(0));
        List<Interval> iv = s.intervals();
        double[] xs = iv.stream().mapToDouble(Interval::startSec).toArray();
        c.add(new Series("p50", xs, iv.stream().mapToDouble(i -> i.p50() / 1000).toArray(), Style.STEP, null));
        c.add(new Series("p99", xs, iv.stream().mapToDouble(i -> i.p99() / 1000).toArray(), Style.STEP, null));
        c.add(new Series("max", xs, iv.stream().mapToDouble(i -> i.max() / 1000).toArray(), Style.STEP, null));
        shade(c, run);
        return c.svg();
    }

    /** Target and achieved messages per second of one run. */
    static String throughput(Comparison comparison, Run run) {
        Chart c = Chart.of(Describe.runName(comparison, run) + ": throughput over time", Axis.linear("time since start", "s"),
                Axis.linear("throughput", "msg/s").withMin(0));
        List<RatePoint> rs = run.rates();
        double[] xs = rs.stream().mapToDouble(RatePoint::startSec).toArray();
        double[] target = rs.stream().mapToDouble(RatePoint::targetPerSec).toArray();
        if (java.util.Arrays.stream(target).anyMatch(Double::isFinite)) {
            c.add(new Series("target", xs, target, Style.DASHED, "#555555"));
        }
        c.add(new Series("achieved (acknowledged)", xs, rs.stream().mapToDouble(RatePoint::achievedPerSec).toArray(),
                Style.STEP, null));
        shade(c, run);
        return c.svg();
    }

    private static void shade(Chart c, Run run) {
        if (run.warmupSec() > 0) {
            c.band(new Band(0, run.warmupSec(), "warm-up (excluded)", WARMUP));
        }
        for (Fault f : run.faults()) {
            c.band(new Band(f.fromSec(), f.toSec(), f.name(), FAULT));
        }
    }

    /** Each run's value at one percentile, as dots per label, so run-to-run noise shows. */
    static String spread(Comparison comparison, String metric, String title, double p, String pName) {
        List<String> labels = new ArrayList<>(comparison.groups().keySet());
        Chart c = Chart.of(title + ": " + pName + " of each run, by label", Axis.categories("label", labels),
                Axis.linear(pName, "ms").withMin(0));
        for (int i = 0; i < labels.size(); i++) {
            List<Run> runs = comparison.groups().get(labels.get(i));
            List<Double> ys = new ArrayList<>();
            for (Run r : runs) {
                MetricSample s = r.metrics().get(metric);
                if (s != null) {
                    ys.add(s.distribution().valueAt(p) / 1000);
                }
            }
            double[] x = new double[ys.size()];
            java.util.Arrays.fill(x, i);
            c.add(new Series(labels.get(i) + " (" + ys.size() + " run" + (ys.size() == 1 ? "" : "s") + ")", x,
                    ys.stream().mapToDouble(Double::doubleValue).toArray(), Style.DOTS, labelColour(comparison, labels.get(i))));
        }
        return c.svg();
    }
}

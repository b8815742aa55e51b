package dev.crucible.report.render;

import dev.crucible.report.compare.Comparison;
import dev.crucible.report.model.MetricSample;
import dev.crucible.report.model.Run;
import dev.crucible.report.model.Validity;
import dev.crucible.report.stats.Format;
import dev.crucible.report.stats.Row;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Words and figures shared by the HTML and Markdown renderings. */
final class Describe {
    private Describe() {}

    /** "label #k" for a run within its group, plus the run's id. */
    static String runName(Comparison comparison, Run run) {
        List<Run> group = comparison.groups().get(run.label());
        int k = group.indexOf(run) + 1;
        return group.size() > 1 ? run.label() + " #" + k : run.label();
    }

    /** A run's validity in one word. */
    static String validity(Run r) {
        Validity v = r.validity();
        if (!v.complete()) {
            return "INCOMPLETE";
        }
        if (v.rateMissed()) {
            return "RATE MISSED";
        }
        return "OK";
    }

    static String rate(Validity v) {
        String target = v.targetRate() == null ? "flat out / unknown" : String.format(Locale.ROOT, "%,.0f", v.targetRate());
        String achieved = v.achievedRate() == null ? "?" : String.format(Locale.ROOT, "%,.0f", v.achievedRate());
        return achieved + " of " + target + " msg/s";
    }

    static String count(Long n) {
        return n == null ? "n/a" : String.format(Locale.ROOT, "%,d", n);
    }

    static String sendDelayP99(Run r) {
        MetricSample s = r.metrics().get("send-delay");
        return s == null ? "n/a" : Format.micros(s.distribution().valueAt(99));
    }

    static long samples(Run r) {
        MetricSample s = r.metrics().get("response");
        if (s == null && !r.metrics().isEmpty()) {
            s = r.metrics().values().iterator().next();
        }
        return s == null ? 0 : s.distribution().count();
    }

    /** A row's change and interval: "+10.2% [+8.1%, +12.5%]". */
    static String change(Row r) {
        return Format.signedPercent(r.change()) + " [" + Format.signedPercent(r.low()) + ", "
                + Format.signedPercent(r.high()) + "]";
    }

    /** The resampling methods the report's runs used, for the method section. */
    static Set<String> methods(Comparison comparison) {
        Set<String> m = new LinkedHashSet<>();
        comparison.inputs().runs().forEach(r -> r.metrics().values().forEach(s -> m.add(s.distribution().resamplingMethod())));
        return m;
    }

    /** The method, in sentences, with the rules' numbers. */
    static List<String> method(Comparison comparison) {
        var rules = comparison.rules();
        return List.of(
                "Each label's figure is the mean over its runs of that run's figure (a percentile of the run's whole measured"
                        + " phase, warm-up excluded; throughput = acknowledged messages per second).",
                "Noise from the data itself: " + rules.replicates() + " bootstrap replicates (seed " + rules.seed() + "). Each"
                        + " replicate draws a label's runs with replacement (when it has repetitions), then resamples each"
                        + " drawn run: " + String.join("; ", methods(comparison)) + ". The change's interval is the central "
                        + Format.percent(rules.confidence()) + " of the replicated changes.",
                "A/A noise: the mean relative difference between runs of one label (every pair, both sides); with no"
                        + " repetitions there is none, and the verdict rests on the interval and the minimum effect.",
                "REGRESSION or IMPROVEMENT only when the interval excludes zero, the change is at least "
                        + Format.percent(rules.minEffect()) + " (--min-effect), and it exceeds twice the A/A noise. Otherwise"
                        + " NO CHANGE.",
                "INCONCLUSIVE when a run of either side is INCOMPLETE or missed its target rate, or when a run has fewer"
                        + " than " + rules.minTailSamples() + " samples beyond the percentile (p99 needs 10,000 samples,"
                        + " p99.9 100,000, p99.99 1,000,000). The maximum is shown but never judged.");
    }
}

package dev.crucible.report.stats;

import dev.crucible.report.model.MetricSample;
import dev.crucible.report.model.RatePoint;
import dev.crucible.report.model.Run;
import dev.crucible.report.model.Validity;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.HdrHistogram.Histogram;

/** Synthetic runs: lognormal latencies (median ~2 ms) with second-to-second wobble, seeded. */
final class Synthetic {
    private Synthetic() {}

    /** Interval histograms: {@code seconds} of {@code perSecond} samples, all values times {@code scale}. */
    static List<Histogram> intervals(long seed, int seconds, int perSecond, double scale) {
        Random random = new Random(seed);
        List<Histogram> out = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            Histogram h = new Histogram(3_600_000_000L, 3);
            double wobble = Math.exp(0.05 * random.nextGaussian());
            for (int i = 0; i < perSecond; i++) {
                double us = 2000 * Math.exp(0.6 * random.nextGaussian()) * wobble * scale;
                h.recordValue(Math.max(1, Math.round(us)));
            }
            out.add(h);
        }
        return out;
    }

    static Run run(String id, String label, long seed, int seconds, int perSecond, double scale) {
        Map<String, MetricSample> metrics = new LinkedHashMap<>();
        metrics.put("response", new MetricSample("response", "response time",
                IntervalDistribution.of(intervals(seed, seconds, perSecond, scale)), List.of()));
        List<RatePoint> rates = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            rates.add(new RatePoint(s, 1, perSecond, perSecond, true));
        }
        return new Run(id, label, Path.of(id), "synthetic", metrics, rates, 0, List.of(),
                new Validity(true, null, false, (double) perSecond, (double) perSecond, 0L, 0L, 0L, 0L), Map.of());
    }
}

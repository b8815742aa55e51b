package dev.crucible.report.read;

import dev.crucible.report.model.Interval;
import dev.crucible.report.model.MetricSample;
import dev.crucible.report.stats.IntervalDistribution;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/** Builds a metric's sample from interval histograms. */
final class Samples {
    private Samples() {}

    /**
     * @param measured which intervals form the measured phase (the others are charted only)
     * @param toMicros factor from the log's unit to microseconds
     */
    static MetricSample of(String key, String title, List<HlogFile.Entry> entries, Predicate<HlogFile.Entry> measured,
            double toMicros) {
        List<Histogram> chosen = new ArrayList<>();
        List<Interval> intervals = new ArrayList<>();
        for (HlogFile.Entry e : entries) {
            if (measured.test(e)) {
                chosen.add(e.histogram());
            }
            Histogram h = e.histogram();
            long n = h.getTotalCount();
            intervals.add(new Interval(e.startSec(), e.lengthSec(), n,
                    n == 0 ? Double.NaN : h.getValueAtPercentile(50) * toMicros,
                    n == 0 ? Double.NaN : h.getValueAtPercentile(99) * toMicros,
                    n == 0 ? Double.NaN : h.getMaxValue() * toMicros));
        }
        return new MetricSample(key, title, IntervalDistribution.of(chosen, toMicros), intervals);
    }
}

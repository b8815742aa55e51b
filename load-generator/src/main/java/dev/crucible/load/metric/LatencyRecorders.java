package dev.crucible.load.metric;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * One HdrHistogram {@link Recorder} per metric, in microseconds (3 significant digits,
 * auto-resizing). Writers (producer callbacks, consumer threads, the pacing thread) record without
 * locks; one sampler thread swaps out an interval histogram per metric every second.
 *
 * <p>A negative latency can only come from clocks of two hosts that disagree; it is counted and
 * recorded as 0, never dropped.
 */
public final class LatencyRecorders {
    private final Map<Metric, Recorder> recorders = new EnumMap<>(Metric.class);
    private final Map<Metric, LongAdder> negatives = new EnumMap<>(Metric.class);

    /** Empty recorders. */
    public LatencyRecorders() {
        for (Metric m : Metric.values()) {
            recorders.put(m, new Recorder(3));
            negatives.put(m, new LongAdder());
        }
    }

    /** Records {@code nanos} as microseconds. */
    public void record(Metric metric, long nanos) {
        if (nanos < 0) {
            negatives.get(metric).increment();
            nanos = 0;
        }
        recorders.get(metric).recordValue(nanos / 1000);
    }

    /** Swaps out each metric's values since the last call (sampler thread only). */
    public Map<Metric, Histogram> takeInterval() {
        Map<Metric, Histogram> out = new EnumMap<>(Metric.class);
        for (Metric m : Metric.values()) {
            out.put(m, recorders.get(m).getIntervalHistogram());
        }
        return out;
    }

    /** Negative samples counted so far per metric. */
    public Map<Metric, Long> negativeCounts() {
        Map<Metric, Long> out = new EnumMap<>(Metric.class);
        negatives.forEach((m, n) -> out.put(m, n.sum()));
        return out;
    }
}

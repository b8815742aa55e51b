package dev.crucible.load.result;

import dev.crucible.load.agent.FinalReport;
import dev.crucible.load.driver.TopicReplication;
import dev.crucible.load.metric.Metric;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Everything a finished (or ended) run knows, from which the result files are written.
 *
 * @param timeline null when the run ended before its load started
 * @param incompleteReason null for a complete run
 * @param searchedRate the highest sustained rate found (producerRate 0), else 0
 * @param replication what the run's topics were created with; null when there was no broker (noop)
 */
public record RunRecord(
        RunSettings settings,
        String runId,
        Instant started,
        Instant ended,
        RunTimeline timeline,
        IntervalStore store,
        SequenceAudit audit,
        List<FinalReport> finals,
        List<Map<String, Object>> clocks,
        String incompleteReason,
        double searchedRate,
        Cpu cpu,
        Totals totals,
        TopicReplication replication) {

    /** CPU readings at the measured phase's start and end (-1 / null when not taken). */
    public record Cpu(long targetStartNs, long targetEndNs, long[] machineStart, long[] machineEnd) {}

    /** A rate counts as met when the measured phase sent at least this share of its target. */
    public static final double RATE_MET_SHARE = 0.95;

    /** Seconds in the measured phase. */
    public long measuredSeconds() {
        return timeline == null ? 0 : Math.max(0, timeline.endInterval() - timeline.firstMeasuredInterval());
    }

    /** Sums {@code field} over the measured intervals. */
    public long measuredSum(java.util.function.ToLongFunction<IntervalStore.Merged> field) {
        if (timeline == null) {
            return 0;
        }
        long sum = 0;
        for (IntervalStore.Merged m : store.range(timeline.firstMeasuredInterval(), timeline.endInterval())) {
            sum += field.applyAsLong(m);
        }
        return sum;
    }

    /** Mean target rate over the measured seconds that had one (0 when flat out or unknown). */
    public double measuredTargetRate() {
        if (timeline == null) {
            return 0;
        }
        double sum = 0;
        long n = 0;
        for (IntervalStore.Merged m : store.range(timeline.firstMeasuredInterval(), timeline.endInterval())) {
            if (m.targetRatePerSecond > 0) {
                sum += m.targetRatePerSecond;
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    /**
     * True when a fixed-rate run sent less than {@link #RATE_MET_SHARE} of what its schedule asked in
     * the measured phase (seconds with a target only).
     */
    public boolean rateMissed() {
        if (timeline == null) {
            return false;
        }
        double due = 0;
        long sent = 0;
        for (IntervalStore.Merged m : store.range(timeline.firstMeasuredInterval(), timeline.endInterval())) {
            if (m.targetRatePerSecond > 0) {
                due += m.targetRatePerSecond;
                sent += m.sent;
            }
        }
        return due > 0 && sent < RATE_MET_SHARE * due;
    }

    /** Seconds of the measured phase whose sends fell below 90% of the target. */
    public long secondsBelowRate() {
        if (timeline == null) {
            return 0;
        }
        long n = 0;
        for (IntervalStore.Merged m : store.range(timeline.firstMeasuredInterval(), timeline.endInterval())) {
            if (m.targetRatePerSecond > 0 && m.sent < 0.9 * m.targetRatePerSecond) {
                n++;
            }
        }
        return n;
    }

    /** All recorded samples of {@code metric} (warm-up samples are never recorded). */
    public Histogram total(Metric metric) {
        return store.total(metric, 0, Long.MAX_VALUE);
    }
}

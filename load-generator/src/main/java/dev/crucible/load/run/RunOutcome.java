package dev.crucible.load.run;

import dev.crucible.load.metric.Metric;
import dev.crucible.load.result.RunRecord;
import java.nio.file.Path;

/**
 * How a run ended.
 *
 * @param resultDir where its files are
 * @param complete false when a worker failed or the run was interrupted: the files say INCOMPLETE
 * @param rateMissed the run did not send at its target rate in the measured phase
 * @param reason why it is incomplete, or null
 * @param record what it recorded
 */
public record RunOutcome(Path resultDir, boolean complete, boolean rateMissed, String reason, RunRecord record) {

    /** Acknowledged messages per second over the measured phase. */
    public double publishRate() {
        return record.measuredSum(m -> m.acked) / (double) Math.max(1, record.measuredSeconds());
    }

    /** Percentile {@code p} of {@code metric} in microseconds (0 with no samples). */
    public long responseMicros(Metric metric, double p) {
        var h = record.total(metric);
        return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p);
    }
}

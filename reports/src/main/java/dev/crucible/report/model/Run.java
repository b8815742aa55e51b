package dev.crucible.report.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One run as read from its files, whatever their kind.
 *
 * @param id short name shown in legends (unique within a report)
 * @param label the group it belongs to (version, config): runs of one label are repetitions
 * @param source the directory or file it was read from
 * @param format what the source was (crucible run directory, hlog, hgrm, OMB result)
 * @param metrics latency metrics, in display order, keyed by {@link MetricSample#key()}
 * @param rates throughput per interval (empty when unknown)
 * @param warmupSec length of the warm-up at the start of the time series (0 when none or unknown)
 * @param faults chaos fault windows (empty for plain runs)
 * @param validity what decides whether it may be judged
 * @param facts what was run, for the header (ordered: name -> value)
 */
public record Run(String id, String label, Path source, String format, Map<String, MetricSample> metrics,
        List<RatePoint> rates, double warmupSec, List<Fault> faults, Validity validity, Map<String, String> facts) {

    /** Mean acknowledged messages/s over the measured intervals, or NaN when unknown. */
    public double measuredThroughput() {
        double sum = 0;
        double secs = 0;
        for (RatePoint r : rates) {
            if (r.measured()) {
                sum += r.achievedPerSec() * r.lengthSec();
                secs += r.lengthSec();
            }
        }
        return secs > 0 ? sum / secs : Double.NaN;
    }
}

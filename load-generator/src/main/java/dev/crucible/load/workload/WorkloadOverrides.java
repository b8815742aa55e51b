package dev.crucible.load.workload;

import java.time.Duration;
import java.util.Locale;

/**
 * What the command line changes in a workload file; null (false for {@code poisson}) keeps the file's
 * value. Applied once, before the workload is built and checked.
 *
 * @param testDuration the measured time
 * @param warmupDuration the warm-up
 * @param rate the total send rate: messages per second, "max" (flat out) or "search" (the highest sustainable)
 * @param poisson Poisson arrivals instead of evenly spaced
 * @param maxOutstandingPerProducer most unacknowledged messages per producer
 */
public record WorkloadOverrides(Duration testDuration, Duration warmupDuration, String rate, boolean poisson,
        Integer maxOutstandingPerProducer) {

    /** Nothing changed. */
    public static final WorkloadOverrides NONE = new WorkloadOverrides(null, null, null, false, null);

    /** Checks the rate's text; IllegalArgumentException says which forms it takes. */
    public WorkloadOverrides {
        if (rate != null) {
            parseRate(rate);
        }
    }

    /** {@code b} with the overrides set. */
    WorkloadBuilder applyTo(WorkloadBuilder b) {
        if (testDuration != null) {
            b.testDuration(testDuration);
        }
        if (warmupDuration != null) {
            b.warmupDuration(warmupDuration);
        }
        if (rate != null) {
            b.producerRate(parseRate(rate));
        }
        if (poisson) {
            b.arrivals(Workload.Arrivals.POISSON);
        }
        if (maxOutstandingPerProducer != null) {
            b.maxOutstandingPerProducer(maxOutstandingPerProducer);
        }
        return b;
    }

    /** "max" = flat out (-1), "search" = find the highest sustainable rate (0), else msgs/s (underscores and commas allowed). */
    static long parseRate(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("max")) {
            return -1;
        }
        if (t.equals("search")) {
            return 0;
        }
        try {
            long r = Long.parseLong(t.replace("_", "").replace(",", ""));
            if (r <= 0) {
                throw new NumberFormatException();
            }
            return r;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--rate " + text + ": give messages per second (> 0), 'max' or 'search'");
        }
    }
}

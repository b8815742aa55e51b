package dev.crucible.load.workload;

import java.time.Duration;

/**
 * A workload, read from YAML with OpenMessaging Benchmark's field names so OMB workload files load
 * unchanged; a few fields of Crucible's own (marked below) refine what OMB cannot say.
 *
 * <p>Rates: {@code producerRate} is messages per second for the whole run, shared by every producer;
 * 0 searches for the highest sustainable rate (as OMB), -1 sends flat out (no schedule).
 */
public final class Workload {
    public String name = "workload";
    public int topics = 1;
    public int partitionsPerTopic = 1;
    public KeyDistributor keyDistributor = KeyDistributor.NO_KEY;
    public int messageSize = 1024;
    public boolean useRandomizedPayloads;
    public double randomBytesRatio;
    public int randomizedPayloadPoolSize;
    public String payloadFile;
    public int subscriptionsPerTopic = 1;
    public int producersPerTopic = 1;
    public int consumerPerSubscription = 1;
    public long producerRate = 10_000;
    /** OMB: start of the max-rate search. */
    public long producerStartRate = 10_000;
    /** OMB: backlog (messages) the max-rate search accepts before it backs off. */
    public long acceptableBacklog = 10_000;
    /** OMB: accepted and ignored (Crucible runs one rate per run). */
    public int producerIncrementRate;
    /** OMB: accepted and ignored. */
    public int producerIncrementSeconds = 60;
    /** OMB: accepted; Crucible receives every message on every subscription. */
    public int messageRateReceivedForSubscription = 100;
    /** OMB: backlog to build before consumers start (fractions allowed, e.g. 0.05). */
    public double consumerBacklogSizeGB;
    /** OMB: accepted; drain ends when consumers catch up. */
    public double backlogDrainRatio = 1.0;
    public long producerPauseBeforeDrain;
    public long producerPauseDuringDrain;
    public int testDurationMinutes = 1;
    public int warmupDurationMinutes = 1;

    /** Crucible: measured time as a duration ("50s", "5m"); wins over testDurationMinutes. */
    public String testDuration;
    /** Crucible: warm-up as a duration; wins over warmupDurationMinutes. */
    public String warmupDuration;
    /** Crucible: arrivals CONSTANT (evenly spaced) or POISSON (exponential gaps, same mean). */
    public Arrivals arrivals = Arrivals.CONSTANT;
    /** Crucible: most unacknowledged messages per producer; the schedule waits (and it shows as response time). */
    public int maxOutstandingPerProducer = 1000;

    /** Spacing of a producer's intended send times. */
    public enum Arrivals { CONSTANT, POISSON }

    /** The measured duration. */
    public Duration testDuration() {
        return testDuration != null ? Durations.parse(testDuration) : Duration.ofMinutes(testDurationMinutes);
    }

    /** The warm-up duration. */
    public Duration warmupDuration() {
        return warmupDuration != null ? Durations.parse(warmupDuration) : Duration.ofMinutes(warmupDurationMinutes);
    }

    /** Producers in the whole run. */
    public int producerCount() {
        return topics * producersPerTopic;
    }

    /** Consumers in the whole run. */
    public int consumerCount() {
        return topics * subscriptionsPerTopic * consumerPerSubscription;
    }

    /** Throws IllegalArgumentException naming the first field whose value cannot be run. */
    public void validate() {
        positive("topics", topics);
        positive("partitionsPerTopic", partitionsPerTopic);
        positive("producersPerTopic", producersPerTopic);
        atLeast("subscriptionsPerTopic", subscriptionsPerTopic, 0);
        positive("consumerPerSubscription", consumerPerSubscription);
        positive("maxOutstandingPerProducer", maxOutstandingPerProducer);
        if (payloadFile == null && messageSize < MessageSizes.MIN_MESSAGE_BYTES) {
            throw new IllegalArgumentException("messageSize " + messageSize + " is below " + MessageSizes.MIN_MESSAGE_BYTES
                    + " bytes: every message carries a " + MessageSizes.MIN_MESSAGE_BYTES + "-byte stamp (producer, sequence, times)");
        }
        if (messageSize > MessageSizes.MAX_MESSAGE_BYTES) {
            throw new IllegalArgumentException("messageSize " + messageSize + " is above " + MessageSizes.MAX_MESSAGE_BYTES);
        }
        if (producerRate < -1) {
            throw new IllegalArgumentException("producerRate " + producerRate
                    + ": use a rate > 0, 0 to search the highest sustainable rate, or -1 for flat out");
        }
        if (randomBytesRatio < 0 || randomBytesRatio > 1) {
            throw new IllegalArgumentException("randomBytesRatio " + randomBytesRatio + " is not between 0 and 1");
        }
        if (consumerBacklogSizeGB < 0) {
            throw new IllegalArgumentException("consumerBacklogSizeGB must not be negative");
        }
        if (consumerBacklogSizeGB > 0 && subscriptionsPerTopic == 0) {
            throw new IllegalArgumentException("consumerBacklogSizeGB needs at least one subscription to drain the backlog");
        }
        if (testDuration().isZero() || testDuration().isNegative()) {
            throw new IllegalArgumentException("the test duration must be positive");
        }
        if (warmupDuration().isNegative()) {
            throw new IllegalArgumentException("the warm-up must not be negative");
        }
    }

    private static void positive(String field, long value) {
        atLeast(field, value, 1);
    }

    private static void atLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " is " + value + "; it must be at least " + min);
        }
    }
}

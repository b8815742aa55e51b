package dev.crucible.load.workload;

import java.time.Duration;
import java.util.Objects;

/**
 * A workload, immutable and valid: built once (from a YAML file with OpenMessaging Benchmark's field
 * names by {@link WorkloadFiles}, or by a {@link WorkloadBuilder}) and then shared by the coordinator, every
 * repetition and every agent; agents on other hosts receive it on the wire. Its components carry
 * OMB's names; a few of Crucible's own (marked below) refine what OMB cannot say.
 *
 * <p>Rates: {@code producerRate} is messages per second for the whole run, shared by every producer;
 * 0 searches for the highest sustainable rate (as OMB), -1 sends flat out (no schedule).
 *
 * @param name names the run's result directory
 * @param topics topics the run creates
 * @param partitionsPerTopic partitions of each topic
 * @param keyDistributor how message keys (and so partitions) are chosen
 * @param messageSize bytes per message when there is no payload file
 * @param useRandomizedPayloads generated payloads are partly random
 * @param randomBytesRatio share (0..1) of each generated payload that is random
 * @param randomizedPayloadPoolSize distinct random payloads to cycle through
 * @param payloadFile the payload file's name and bytes, or null for generated payloads
 * @param subscriptionsPerTopic subscriptions (consumer groups) per topic; each receives everything
 * @param producersPerTopic producers per topic
 * @param consumerPerSubscription consumers in each subscription
 * @param producerRate messages per second for the whole run; 0 search, -1 flat out
 * @param producerStartRate where the rate search starts
 * @param acceptableBacklog backlog (messages) the rate search accepts before it backs off
 * @param consumerBacklogSizeGB backlog to build before consumers start (fractions allowed, e.g. 0.05)
 * @param testDuration the measured time (Crucible: OMB gives whole minutes)
 * @param warmupDuration the warm-up, whose latencies are not recorded (Crucible: OMB gives whole minutes)
 * @param arrivals Crucible: CONSTANT (evenly spaced) or POISSON (exponential gaps, same mean)
 * @param maxOutstandingPerProducer Crucible: most unacknowledged messages per producer; the schedule
 *     waits (and the wait shows as response time)
 * @param ombOnly OMB fields accepted and recorded but not acted on
 */
public record Workload(
        String name,
        int topics,
        int partitionsPerTopic,
        KeyDistributor keyDistributor,
        int messageSize,
        boolean useRandomizedPayloads,
        double randomBytesRatio,
        int randomizedPayloadPoolSize,
        PayloadFile payloadFile,
        int subscriptionsPerTopic,
        int producersPerTopic,
        int consumerPerSubscription,
        long producerRate,
        long producerStartRate,
        long acceptableBacklog,
        double consumerBacklogSizeGB,
        Duration testDuration,
        Duration warmupDuration,
        Arrivals arrivals,
        int maxOutstandingPerProducer,
        OmbOnly ombOnly) {

    /** Spacing of a producer's intended send times. */
    public enum Arrivals { CONSTANT, POISSON }

    /**
     * OMB fields Crucible accepts so OMB files load unchanged, and records, but does not act on: it runs
     * one rate per run, receives every message on every subscription, and drains until consumers catch up.
     */
    public record OmbOnly(int producerIncrementRate, int producerIncrementSeconds, int messageRateReceivedForSubscription,
            double backlogDrainRatio, long producerPauseBeforeDrain, long producerPauseDuringDrain) {
        /** OMB's defaults. */
        public static final OmbOnly DEFAULTS = new OmbOnly(0, 60, 100, 1.0, 0, 0);
    }

    /** Checks every component; IllegalArgumentException names the first whose value cannot be run. */
    public Workload {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keyDistributor, "keyDistributor");
        Objects.requireNonNull(testDuration, "testDuration");
        Objects.requireNonNull(warmupDuration, "warmupDuration");
        Objects.requireNonNull(arrivals, "arrivals");
        Objects.requireNonNull(ombOnly, "ombOnly");
        atLeast("topics", topics, 1);
        atLeast("partitionsPerTopic", partitionsPerTopic, 1);
        atLeast("producersPerTopic", producersPerTopic, 1);
        atLeast("subscriptionsPerTopic", subscriptionsPerTopic, 0);
        atLeast("consumerPerSubscription", consumerPerSubscription, 1);
        atLeast("maxOutstandingPerProducer", maxOutstandingPerProducer, 1);
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
        if (testDuration.isZero() || testDuration.isNegative()) {
            throw new IllegalArgumentException("the test duration must be positive");
        }
        if (warmupDuration.isNegative()) {
            throw new IllegalArgumentException("the warm-up must not be negative");
        }
    }

    /** A builder holding OMB's defaults (and Crucible's for its own fields). */
    public static WorkloadBuilder builder() {
        return new WorkloadBuilder();
    }

    /** Producers in the whole run. */
    public int producerCount() {
        return topics * producersPerTopic;
    }

    /** Consumers in the whole run. */
    public int consumerCount() {
        return topics * subscriptionsPerTopic * consumerPerSubscription;
    }

    private static void atLeast(String field, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(field + " is " + value + "; it must be at least " + min);
        }
    }
}

package dev.crucible.broker.group;

import dev.crucible.io.LogConfig;

/**
 * Settings of the group coordinator, read once when it opens. Names and defaults follow Apache Kafka's
 * broker configs ({@code group.min.session.timeout.ms}, ...).
 *
 * @param sessionTimeoutMinMs     smallest session timeout a member may ask for (Kafka 6000)
 * @param sessionTimeoutMaxMs     largest session timeout a member may ask for (Kafka 1800000)
 * @param initialRebalanceDelayMs how long the first rebalance of an empty group waits for more members
 *                                (Kafka 3000); 0 completes it as soon as everyone known has joined
 * @param maxGroupSize            members (joined or holding a fresh member id) per group at most
 * @param offsetsLogConfig        settings of the log that keeps committed offsets
 * @param offsetsRetentionMs      committed offsets older than this are dropped when the offsets log is
 *                                compacted at start, when every group is empty (Kafka's
 *                                {@code offsets.retention.minutes}, 7 days)
 */
public record GroupConfig(int sessionTimeoutMinMs, int sessionTimeoutMaxMs, int initialRebalanceDelayMs,
                          int maxGroupSize, LogConfig offsetsLogConfig, long offsetsRetentionMs) {

    /**
     * Kafka's defaults. The offsets log keeps Kafka's 100 MiB segments and its page-cache flush policy,
     * and never deletes by age or size: without compaction, retention would drop live offsets.
     */
    public static final GroupConfig DEFAULT = new GroupConfig(6_000, 1_800_000, 3_000, Integer.MAX_VALUE,
        LogConfig.DEFAULT.withSegmentBytes(100 << 20).withRetentionMs(-1).withRetentionBytes(-1), 7L * 24 * 3_600_000);

    public GroupConfig {
        require(sessionTimeoutMinMs > 0, "group.min.session.timeout.ms must be positive, was " + sessionTimeoutMinMs);
        require(sessionTimeoutMaxMs >= sessionTimeoutMinMs,
            "group.max.session.timeout.ms must be at least the minimum, was " + sessionTimeoutMaxMs);
        require(initialRebalanceDelayMs >= 0,
            "group.initial.rebalance.delay.ms must be >= 0, was " + initialRebalanceDelayMs);
        require(maxGroupSize >= 1, "group.max.size must be at least 1, was " + maxGroupSize);
        require(offsetsLogConfig != null, "offsets log config is required");
        require(offsetsRetentionMs > 0, "offsets.retention.minutes must be positive, was " + offsetsRetentionMs + " ms");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** A copy with another initial rebalance delay (tests and single-consumer benchmarks use 0). */
    public GroupConfig withInitialRebalanceDelayMs(int value) {
        return new GroupConfig(sessionTimeoutMinMs, sessionTimeoutMaxMs, value, maxGroupSize, offsetsLogConfig,
            offsetsRetentionMs);
    }

    /** A copy with another member limit per group. */
    public GroupConfig withMaxGroupSize(int value) {
        return new GroupConfig(sessionTimeoutMinMs, sessionTimeoutMaxMs, initialRebalanceDelayMs, value, offsetsLogConfig,
            offsetsRetentionMs);
    }

    /** A copy with other offsets log settings. */
    public GroupConfig withOffsetsLogConfig(LogConfig value) {
        return new GroupConfig(sessionTimeoutMinMs, sessionTimeoutMaxMs, initialRebalanceDelayMs, maxGroupSize, value,
            offsetsRetentionMs);
    }

    /** A copy with another offsets retention. */
    public GroupConfig withOffsetsRetentionMs(long value) {
        return new GroupConfig(sessionTimeoutMinMs, sessionTimeoutMaxMs, initialRebalanceDelayMs, maxGroupSize,
            offsetsLogConfig, value);
    }
}

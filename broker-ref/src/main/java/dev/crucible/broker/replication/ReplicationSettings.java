package dev.crucible.broker.replication;

import dev.crucible.broker.config.BrokenMode;

/**
 * How a broker replicates.
 *
 * @param lagTimeMaxMs Kafka's {@code replica.lag.time.max.ms}: a follower that has not caught up with
 *                     the leader's log end for this long leaves the in-sync replicas
 * @param fsync        broker-ref's {@code replication.fsync}: true, a replica counts towards the high
 *                     watermark only what it has forced to disk (an acknowledged write is on disk on
 *                     every in-sync replica); false, what it has written (Kafka's page-cache behaviour)
 * @param broken       a deliberately wrong replication mode for testing the harness, or null
 */
public record ReplicationSettings(long lagTimeMaxMs, boolean fsync, BrokenMode broken) {
    /** Kafka's default {@code replica.lag.time.max.ms}. */
    public static final long DEFAULT_LAG_TIME_MAX_MS = 30_000;

    public ReplicationSettings {
        if (lagTimeMaxMs <= 0) {
            throw new IllegalArgumentException("replica.lag.time.max.ms must be > 0, was " + lagTimeMaxMs);
        }
    }

    /** The pre-KIP-101 follower: truncates to its own high watermark on becoming a follower and never checks divergence. */
    public boolean truncatesToHighWatermark() {
        return broken == BrokenMode.TRUNCATE_TO_HW;
    }

    /** acks=all answered once the leader has the batch, as acks=1 would be. */
    public boolean acksOnLeader() {
        return broken == BrokenMode.ACK_ON_LEADER;
    }

    /** The leader uses a smaller in-sync set as soon as it proposes it, before the controller commits it. */
    public boolean shrinksBeforeCommit() {
        return broken == BrokenMode.SHRINK_BEFORE_COMMIT;
    }
}

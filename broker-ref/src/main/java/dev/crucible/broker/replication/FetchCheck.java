package dev.crucible.broker.replication;

import org.apache.kafka.common.protocol.Errors;

/**
 * What a leader answers a follower's fetch before reading anything: go on and read, an error, or the
 * point where the follower's history parts from the leader's (KIP-320's DivergingEpoch: the follower
 * cuts its log there and fetches again).
 */
public sealed interface FetchCheck {
    /** Read from the fetch offset; the follower's history agrees with the leader's up to it. */
    record Read() implements FetchCheck {
        static final Read INSTANCE = new Read();
    }

    /** Refused with {@code error}; nothing is read and the follower's progress is not updated. */
    record Refused(Errors error, String reason) implements FetchCheck { }

    /** The follower's log holds epoch {@code epoch} past {@code endOffset}, where it ends on the leader. */
    record Diverging(int epoch, long endOffset) implements FetchCheck { }
}

package dev.crucible.broker.cluster;

/**
 * The cluster's replicated store of committed offsets, Kafka's {@code __consumer_offsets}: a group's
 * offsets live in one partition of it, chosen by its id as Kafka chooses, and the leader of that
 * partition is the group's coordinator. Created by the first FindCoordinator for a group.
 */
public final class OffsetsTopic {
    /** Kafka's name, so tools and clients treat it as the internal topic they know. */
    public static final String NAME = "__consumer_offsets";

    private OffsetsTopic() {
    }

    /** Whether {@code topic} is the offsets topic (internal: clients may not write, create or delete it). */
    public static boolean is(String topic) {
        return NAME.equals(topic);
    }

    /**
     * The partition holding a group's offsets, as Kafka picks it: the absolute value of the id's hash
     * (0 for {@code Integer.MIN_VALUE}) modulo the partition count.
     */
    public static int partitionFor(String groupId, int partitions) {
        int hash = groupId.hashCode();
        return (hash == Integer.MIN_VALUE ? 0 : Math.abs(hash)) % partitions;
    }
}

package dev.crucible.broker.metadata;

import java.util.List;

/**
 * One partition's placement and leadership: its replicas in assignment order, the in-sync replicas,
 * the leader ({@link #NO_LEADER} when none may lead) and the two epochs. The leader epoch grows when the
 * leader changes; the partition epoch grows with every change, so a command that expects an older
 * partition epoch is stale and refused.
 */
public record PartitionState(List<Integer> replicas, List<Integer> isr, int leader, int leaderEpoch, int partitionEpoch) {
    public static final int NO_LEADER = -1;

    public PartitionState {
        replicas = List.copyOf(replicas);
        isr = List.copyOf(isr);
    }

    PartitionState with(List<Integer> newIsr, int newLeader) {
        boolean leaderChanged = newLeader != leader;
        return new PartitionState(replicas, newIsr, newLeader, leaderChanged ? leaderEpoch + 1 : leaderEpoch, partitionEpoch + 1);
    }

    public boolean hasLeader() {
        return leader != NO_LEADER;
    }
}

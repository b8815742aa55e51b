package dev.crucible.broker.cluster;

import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.log.Partition;
import dev.crucible.broker.metadata.PartitionState;
import dev.crucible.broker.replication.FetchCheck;
import dev.crucible.broker.replication.PartitionLeader;
import dev.crucible.broker.replication.ReplicaEligibility;
import dev.crucible.broker.replication.ReplicationSettings;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One local replica of a partition in a cluster: the {@link Partition} (its log) and its role, leader
 * (a {@link PartitionLeader} deciding the high watermark, the in-sync set and acks=all) or follower of
 * some broker at some leader epoch (fed by the broker's replica fetchers). Every call is serialised on
 * the replica; the answers to waiting produces run after the lock is released, so a response never
 * completes under it.
 */
public final class ReplicatedPartition {
    /** Told the outcome of an acks=all produce waiting for the high watermark. */
    @FunctionalInterface
    public interface AckWaiter {
        void acked(Errors error);
    }

    /** Sends an in-sync set change to the controller and hands the answer back to {@link #alterAnswered}. */
    @FunctionalInterface
    interface AlterSubmitter {
        void submit(ReplicatedPartition replica, int leaderEpoch, int partitionEpoch, List<Integer> isr);
    }

    private final int nodeId;
    private final Uuid topicId;
    private final Partition partition;
    private final ReplicationSettings settings;
    private final AlterSubmitter alters;
    private final List<Runnable> ready = new ArrayList<>();
    private PartitionLeader<AckWaiter> leader;
    private int followedLeader = PartitionState.NO_LEADER;
    private int followedEpoch = -1;
    private long alterSentMs;

    ReplicatedPartition(int nodeId, Uuid topicId, Partition partition, ReplicationSettings settings, AlterSubmitter alters) {
        this.nodeId = nodeId;
        this.topicId = topicId;
        this.partition = partition;
        this.settings = settings;
        this.alters = alters;
        partition.replicated(true);
    }

    public Partition partition() {
        return partition;
    }

    public Uuid topicId() {
        return topicId;
    }

    /** The broker this replica follows, or -1 (it leads, or the partition has no leader). */
    public synchronized int followedLeader() {
        return followedLeader;
    }

    /** The leader epoch this replica follows at. */
    public synchronized int followedEpoch() {
        return followedEpoch;
    }

    public synchronized boolean isLeader() {
        return leader != null;
    }

    /** The epoch this replica leads at, or -1 when it does not lead. */
    public synchronized int leaderEpoch() {
        return leader == null ? -1 : leader.leaderEpoch();
    }

    /** What the committed state says this replica is, applied; returns true when its role changed. */
    boolean apply(PartitionState state, int minInsync, long nowMs) {
        boolean changed;
        synchronized (this) {
            changed = applyLocked(state, minInsync, nowMs);
        }
        runReady();
        return changed;
    }

    private boolean applyLocked(PartitionState state, int minInsync, long nowMs) {
        if (state.leader() == nodeId) {
            if (leader != null && leader.leaderEpoch() == state.leaderEpoch()) {
                leader.committed(state);
                publishHighWatermark();
                return false;
            }
            resign();
            try {
                partition.becomeLeader(state.leaderEpoch());
            } catch (IOException | RuntimeException e) {
                BrokerLog.warn("partition " + partition + " cannot lead at epoch " + state.leaderEpoch() + ": " + e.getMessage());
                return false;
            }
            long logEnd = partition.logEndOffset();
            leader = new PartitionLeader<>(nodeId, state, minInsync, partition.highWatermark(), logEnd, countedEnd(), nowMs, settings,
                (waiter, error) -> ready.add(() -> waiter.acked(error)));
            followedLeader = PartitionState.NO_LEADER;
            followedEpoch = -1;
            BrokerLog.info("partition " + partition + " led here at epoch " + state.leaderEpoch() + ", ISR " + state.isr());
            publishHighWatermark();
            return true;
        }
        boolean wasLeader = leader != null;
        resign();
        int newLeader = state.leader();
        if (newLeader == followedLeader && state.leaderEpoch() == followedEpoch && !wasLeader) {
            return false;
        }
        followedLeader = newLeader;
        followedEpoch = newLeader == PartitionState.NO_LEADER ? -1 : state.leaderEpoch();
        if (newLeader != PartitionState.NO_LEADER && settings.truncatesToHighWatermark()) {
            truncateToHighWatermark(); // the deliberately broken pre-KIP-101 follower
        }
        return true;
    }

    private void truncateToHighWatermark() {
        try {
            long end = partition.truncateTo(partition.highWatermark());
            BrokerLog.info("partition " + partition + " (broken mode truncate-to-hw) cut to its high watermark " + end);
        } catch (IOException | RuntimeException e) {
            BrokerLog.warn("partition " + partition + " could not cut to its high watermark: " + e.getMessage());
        }
    }

    /** The epoch a follower fetch names as its last: the log's, or -1 in the broken pre-KIP-101 mode (no divergence check). */
    public int lastFetchedEpoch() {
        return settings.truncatesToHighWatermark() ? -1 : partition.log().latestEpoch();
    }

    private void resign() {
        if (leader != null) {
            leader.resign();
            leader = null;
        }
    }

    /** The broker stops holding the partition (deleted, or moved away): waiting produces are answered. */
    void close() {
        synchronized (this) {
            resign();
            followedLeader = PartitionState.NO_LEADER;
        }
        runReady();
    }

    private long countedEnd() {
        return settings.fsync() ? partition.log().durableEndOffset() : partition.logEndOffset();
    }

    private void publishHighWatermark() {
        if (leader != null) {
            partition.highWatermark(leader.highWatermark());
        }
    }

    /** Kafka's check before an acks=all append: NOT_ENOUGH_REPLICAS below min ISR, NOT_LEADER_OR_FOLLOWER off the leader. */
    public synchronized Errors admitAcksAll() {
        return leader == null ? Errors.NOT_LEADER_OR_FOLLOWER : leader.admitAcksAll();
    }

    /** A local append completed (on the log's writer thread): the leader's own log end counts, maybe moving the high watermark. */
    public void appended() {
        synchronized (this) {
            if (leader != null && leader.localAppended(partition.logEndOffset(), countedEnd())) {
                publishHighWatermark();
            }
        }
        runReady();
    }

    /** Waits until the high watermark reaches {@code requiredOffset} (at once when it has), or the deadline, or the end of this leadership. */
    public void awaitAck(long requiredOffset, long deadlineMs, AckWaiter waiter) {
        synchronized (this) {
            if (leader == null) {
                ready.add(() -> waiter.acked(Errors.NOT_LEADER_OR_FOLLOWER));
            } else {
                leader.awaitAck(requiredOffset, deadlineMs, waiter);
            }
        }
        runReady();
    }

    /**
     * A follower's fetch (Kafka's fetch with a replica id): checked against this leadership and, when it
     * may read, counted as the follower's acknowledgement of everything below {@code fetchOffset}.
     */
    public FetchCheck followerFetch(int replicaId, long brokerEpoch, int currentLeaderEpoch, int lastFetchedEpoch, long fetchOffset,
                                    ReplicaEligibility eligibility, long nowMs) {
        FetchCheck check;
        synchronized (this) {
            if (leader == null) {
                return new FetchCheck.Refused(Errors.NOT_LEADER_OR_FOLLOWER, "broker " + nodeId + " does not lead " + partition);
            }
            check = leader.checkFetch(replicaId, brokerEpoch, currentLeaderEpoch, lastFetchedEpoch, fetchOffset,
                partition.log().endOffsetFor(lastFetchedEpoch), partition.logStartOffset(), eligibility);
            if (check instanceof FetchCheck.Read) {
                List<Integer> expansion = leader.followerFetched(replicaId, brokerEpoch, fetchOffset, nowMs, eligibility);
                publishHighWatermark();
                if (expansion != null) {
                    sendAlter(expansion, nowMs);
                }
            }
        }
        runReady();
        return check;
    }

    /** Periodic leader work: expired acks, lagging followers out of the set, an unanswered change asked again. */
    void tick(long nowMs) {
        synchronized (this) {
            if (leader != null) {
                leader.expireAcks(nowMs);
                List<Integer> shrink = leader.maybeShrink(nowMs);
                if (shrink != null) {
                    BrokerLog.info("partition " + partition + ": followers lag, proposing ISR " + shrink);
                    publishHighWatermark();
                    sendAlter(shrink, nowMs);
                } else if (leader.proposedIsr() != null && nowMs - alterSentMs > 2_000) {
                    sendAlter(leader.proposedIsr(), nowMs);
                }
            }
        }
        runReady();
    }

    private void sendAlter(List<Integer> isr, long nowMs) {
        alterSentMs = nowMs;
        alters.submit(this, leader.leaderEpoch(), leader.partitionEpoch(), isr);
    }

    /** The controller's answer to a proposed in-sync set ({@code error} NONE: committed at {@code partitionEpoch}). */
    void alterAnswered(int leaderEpoch, List<Integer> isr, Errors error, int partitionEpoch) {
        synchronized (this) {
            if (leader == null || leader.leaderEpoch() != leaderEpoch) {
                return;
            }
            if (error == Errors.NONE) {
                leader.alterCommitted(isr, partitionEpoch);
            } else {
                BrokerLog.info("partition " + partition + ": ISR " + isr + " refused: " + error);
                leader.alterRefused(isr, error);
            }
            publishHighWatermark();
        }
        runReady();
    }

    /** A follower's high watermark: the leader's, bounded by what this log holds. */
    public void followerHighWatermark(long leaderHighWatermark) {
        partition.highWatermark(Math.min(leaderHighWatermark, partition.logEndOffset()));
    }

    private void runReady() {
        List<Runnable> batch;
        synchronized (this) {
            if (ready.isEmpty()) {
                return;
            }
            batch = new ArrayList<>(ready);
            ready.clear();
        }
        for (Runnable r : batch) {
            r.run();
        }
    }

    @Override
    public synchronized String toString() {
        return partition + (leader != null ? " " + leader : " following " + followedLeader + " at epoch " + followedEpoch);
    }
}

package dev.crucible.broker.replication;

import dev.crucible.broker.metadata.PartitionState;
import dev.crucible.io.LeaderEpochCache.EpochEnd;

import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The leader's side of one partition at one leader epoch, as Kafka's {@code Partition} keeps it:
 * each follower's progress, the in-sync replicas as committed by the controller and the "maximal" set
 * the leader counts with (committed plus an expansion it has proposed; a proposed shrink does not
 * count until committed), the high watermark, and the acks=all produces waiting for it.
 *
 * <p>Rules (../shared/specs/replication.md section 1): the high watermark is the smallest log end over
 * the maximal in-sync set, never moves back, and does not move at all while that set is smaller than
 * the effective {@code min.insync.replicas} (KIP-966's strict rule). A follower's fetch offset is its
 * acknowledgement. A follower joins once it has reached the high watermark and the start of this
 * leader epoch and the metadata says it may; one leaves after {@code replica.lag.time.max.ms} without
 * catching up. Changes to the set are proposed one at a time and answered by the controller.
 *
 * <p>Not thread-safe: the owner serialises calls (the broker under the partition's lock, the
 * simulation on its one thread). Waiting acks are answered through the {@link AckListener}, from
 * inside the call that decided them.
 *
 * @param <T> what a waiting produce is to its owner (a response being built, a simulated client)
 */
public final class PartitionLeader<T> {
    /** Told the outcome of a waiting acks=all produce. */
    @FunctionalInterface
    public interface AckListener<T> {
        void acked(T waiter, Errors error);
    }

    private static final long UNKNOWN = -1;

    private final int localId;
    private final int leaderEpoch;
    private final List<Integer> replicas;
    private final int minIsr;
    private final long epochStartOffset;
    private final ReplicationSettings settings;
    private final AckListener<T> acks;
    private final TreeMap<Integer, Progress> followers = new TreeMap<>();
    private final TreeSet<Integer> maximalIsr = new TreeSet<>();
    private final ArrayDeque<PendingAck<T>> pending = new ArrayDeque<>();
    private List<Integer> committedIsr;
    private int partitionEpoch;
    private List<Integer> proposed;
    private long highWatermark;
    private long logEnd;
    private long countedEnd;
    private boolean resigned;

    /** What the leader knows of one follower. */
    private static final class Progress {
        long logEnd = UNKNOWN;
        long brokerEpoch = UNKNOWN;
        long lastCaughtUpMs;
        long lastFetchMs;
        long leaderEndAtLastFetch = UNKNOWN;
    }

    /**
     * Becomes leader (Kafka's {@code makeLeader}); the caller has already assigned this leader epoch
     * to the log's epoch cache at {@code logEnd}.
     *
     * @param state         the committed state naming this broker leader
     * @param minInsync     the topic's {@code min.insync.replicas}; the effective value is at most the replica count
     * @param highWatermark the log's high watermark as this broker last knew it (it may lag the old leader's)
     * @param logEnd        the log end offset
     * @param countedEnd    how far this broker's own log counts: {@code logEnd}, or the forced end under {@code replication.fsync}
     */
    public PartitionLeader(int localId, PartitionState state, int minInsync, long highWatermark, long logEnd, long countedEnd,
                           long nowMs, ReplicationSettings settings, AckListener<T> acks) {
        if (state.leader() != localId) {
            throw new IllegalArgumentException("broker " + localId + " does not lead " + state);
        }
        this.localId = localId;
        this.leaderEpoch = state.leaderEpoch();
        this.replicas = state.replicas();
        this.minIsr = Math.max(1, Math.min(minInsync, replicas.size()));
        this.epochStartOffset = logEnd;
        this.settings = settings;
        this.acks = acks;
        this.committedIsr = state.isr();
        this.partitionEpoch = state.partitionEpoch();
        this.maximalIsr.addAll(committedIsr);
        this.highWatermark = Math.min(highWatermark, logEnd);
        this.logEnd = logEnd;
        this.countedEnd = Math.min(countedEnd, logEnd);
        for (int r : replicas) {
            if (r != localId) {
                Progress p = new Progress();
                p.lastCaughtUpMs = committedIsr.contains(r) ? nowMs : 0; // only in-sync followers get a full lag window
                followers.put(r, p);
            }
        }
        advanceHighWatermark(); // a leader alone in its set counts its own log at once (Kafka's makeLeader does too)
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    public int partitionEpoch() {
        return partitionEpoch;
    }

    public long highWatermark() {
        return highWatermark;
    }

    /** Where this leader epoch began in the log. */
    public long epochStartOffset() {
        return epochStartOffset;
    }

    public List<Integer> committedIsr() {
        return committedIsr;
    }

    /** The in-sync set the leader counts with: the committed one plus a proposed expansion. */
    public Set<Integer> maximalIsr() {
        return java.util.Collections.unmodifiableSet(maximalIsr);
    }

    /** The effective {@code min.insync.replicas}. */
    public int minIsr() {
        return minIsr;
    }

    /** An ISR change proposed and not yet answered, or null. */
    public List<Integer> proposedIsr() {
        return proposed;
    }

    /** A follower's log end as the leader last heard it, or -1. */
    public long followerLogEnd(int replicaId) {
        Progress p = followers.get(replicaId);
        return p == null ? UNKNOWN : p.logEnd;
    }

    /** Kafka's check before an acks=all append: NOT_ENOUGH_REPLICAS while the in-sync set is below the minimum. */
    public Errors admitAcksAll() {
        return maximalIsr.size() < minIsr ? Errors.NOT_ENOUGH_REPLICAS : Errors.NONE;
    }

    /**
     * The leader's own log grew (an append completed; under {@code replication.fsync} {@code countedEnd}
     * is the forced end). Returns true when the high watermark moved.
     */
    public boolean localAppended(long newLogEnd, long newCountedEnd) {
        logEnd = Math.max(logEnd, newLogEnd);
        countedEnd = Math.max(countedEnd, Math.min(newCountedEnd, logEnd));
        return advanceHighWatermark();
    }

    /**
     * Checks a follower's fetch before anything is read (Kafka's {@code Partition.fetchRecords}).
     *
     * @param endForLastFetched the leader log's {@code endOffsetFor(lastFetchedEpoch)}
     */
    public FetchCheck checkFetch(int replicaId, long brokerEpoch, int currentLeaderEpoch, int lastFetchedEpoch, long fetchOffset,
                                 EpochEnd endForLastFetched, long logStartOffset, ReplicaEligibility eligibility) {
        if (resigned) {
            return new FetchCheck.Refused(Errors.NOT_LEADER_OR_FOLLOWER, "this broker no longer leads at epoch " + leaderEpoch);
        }
        if (replicaId == localId || !followers.containsKey(replicaId)) {
            return new FetchCheck.Refused(Errors.NOT_LEADER_OR_FOLLOWER, "broker " + replicaId + " is not a follower of this partition");
        }
        if (currentLeaderEpoch >= 0 && currentLeaderEpoch < leaderEpoch) {
            return new FetchCheck.Refused(Errors.FENCED_LEADER_EPOCH, "leader epoch " + currentLeaderEpoch + " < " + leaderEpoch);
        }
        if (currentLeaderEpoch > leaderEpoch) {
            return new FetchCheck.Refused(Errors.UNKNOWN_LEADER_EPOCH, "leader epoch " + currentLeaderEpoch + " > " + leaderEpoch);
        }
        if (eligibility.stale(replicaId, brokerEpoch)) {
            return new FetchCheck.Refused(Errors.NOT_LEADER_OR_FOLLOWER, "broker " + replicaId + " fetched with stale broker epoch "
                + brokerEpoch);
        }
        if (lastFetchedEpoch >= 0 && !settings.truncatesToHighWatermark()
            && (endForLastFetched.epoch() < lastFetchedEpoch || endForLastFetched.endOffset() < fetchOffset)) {
            return new FetchCheck.Diverging(endForLastFetched.epoch(), endForLastFetched.endOffset());
        }
        if (fetchOffset < logStartOffset || fetchOffset > logEnd) {
            return new FetchCheck.Refused(Errors.OFFSET_OUT_OF_RANGE, "fetch offset " + fetchOffset + " is outside " + logStartOffset
                + ".." + logEnd);
        }
        return FetchCheck.Read.INSTANCE;
    }

    /**
     * A follower's fetch passed {@link #checkFetch}: its log ends at {@code fetchOffset} (Kafka's
     * {@code updateFollowerFetchState}). Updates its progress, may add it to the maximal in-sync set and
     * moves the high watermark.
     *
     * @return an in-sync set to propose to the controller (an expansion), or null
     */
    public List<Integer> followerFetched(int replicaId, long brokerEpoch, long fetchOffset, long nowMs, ReplicaEligibility eligibility) {
        Progress f = followers.get(replicaId);
        if (f == null || resigned) {
            return null;
        }
        if (fetchOffset >= logEnd) {
            f.lastCaughtUpMs = Math.max(f.lastCaughtUpMs, nowMs);
        } else if (f.leaderEndAtLastFetch != UNKNOWN && fetchOffset >= f.leaderEndAtLastFetch) {
            f.lastCaughtUpMs = Math.max(f.lastCaughtUpMs, f.lastFetchMs);
        }
        f.leaderEndAtLastFetch = logEnd;
        f.lastFetchMs = nowMs;
        f.logEnd = fetchOffset;
        f.brokerEpoch = brokerEpoch;
        List<Integer> expansion = null;
        if (proposed == null && !maximalIsr.contains(replicaId) && fetchOffset >= highWatermark && fetchOffset >= epochStartOffset
            && eligibility.eligible(replicaId, brokerEpoch)) {
            maximalIsr.add(replicaId); // a larger set only makes the high watermark stricter: safe before commit
            expansion = propose();
        }
        advanceHighWatermark();
        return expansion;
    }

    /**
     * Kafka's periodic {@code maybeShrinkIsr}: followers in the set that have not caught up for
     * {@code replica.lag.time.max.ms}. The set the leader counts with stays as it is until the
     * controller commits the change.
     *
     * @return the in-sync set to propose, or null
     */
    public List<Integer> maybeShrink(long nowMs) {
        if (proposed != null || resigned) {
            return null;
        }
        List<Integer> lagging = new ArrayList<>();
        for (int r : maximalIsr) {
            Progress f = followers.get(r);
            if (f != null && f.logEnd < logEnd && nowMs - f.lastCaughtUpMs > settings.lagTimeMaxMs()) {
                lagging.add(r);
            }
        }
        if (lagging.isEmpty()) {
            return null;
        }
        List<Integer> shrunk = new ArrayList<>(committedIsr);
        shrunk.removeAll(lagging);
        if (!shrunk.contains(localId)) {
            shrunk.add(localId);
        }
        if (settings.shrinksBeforeCommit()) {
            maximalIsr.removeAll(lagging);
            proposed = List.copyOf(shrunk);
            advanceHighWatermark();
            return proposed;
        }
        proposed = List.copyOf(shrunk);
        return proposed;
    }

    private List<Integer> propose() {
        List<Integer> isr = new ArrayList<>();
        for (int r : replicas) {
            if (maximalIsr.contains(r)) {
                isr.add(r);
            }
        }
        proposed = List.copyOf(isr);
        return proposed;
    }

    /**
     * The controller committed the proposal {@code isr} at {@code newPartitionEpoch}. An answer to
     * anything but the current proposal (already overtaken by a newer image) is ignored.
     */
    public void alterCommitted(List<Integer> isr, int newPartitionEpoch) {
        if (proposed == null || !proposed.equals(isr) || resigned) {
            return;
        }
        proposed = null;
        if (newPartitionEpoch > partitionEpoch) {
            committedIsr = List.copyOf(isr);
            partitionEpoch = newPartitionEpoch;
            maximalIsr.clear();
            maximalIsr.addAll(committedIsr);
        }
        advanceHighWatermark();
    }

    /**
     * The controller refused the proposal {@code isr}. The leader goes back to counting with the
     * committed set only when the refusal proves its view of that set is current (the request passed
     * the epoch checks: INELIGIBLE_REPLICA, INVALID_REQUEST). Any other refusal (a stale leader or
     * partition epoch) means the controller holds a state this leader has not seen, possibly one that
     * already includes the expansion it proposed: dropping a member then could let the high watermark
     * pass records a member of the real in-sync set lacks, so it keeps counting with the larger set
     * until the newer state arrives ({@link #committed}).
     */
    public void alterRefused(List<Integer> isr, Errors error) {
        if (proposed == null || !proposed.equals(isr) || resigned) {
            return;
        }
        proposed = null;
        if (error == Errors.INELIGIBLE_REPLICA || error == Errors.INVALID_REQUEST) {
            maximalIsr.clear();
            maximalIsr.addAll(committedIsr);
            advanceHighWatermark();
        }
    }

    /**
     * A newer committed state of the partition. Returns false when it no longer names this broker leader
     * at this epoch: the caller must then {@link #resign} and follow.
     */
    public boolean committed(PartitionState state) {
        if (state.leader() != localId || state.leaderEpoch() != leaderEpoch) {
            return false;
        }
        if (state.partitionEpoch() > partitionEpoch) {
            partitionEpoch = state.partitionEpoch();
            committedIsr = state.isr();
            proposed = null;
            maximalIsr.clear();
            maximalIsr.addAll(committedIsr);
            advanceHighWatermark();
        }
        return true;
    }

    /**
     * Registers an acks=all produce whose batch ends at {@code requiredOffset - 1}; answered at once when
     * the high watermark is already past it.
     */
    public void awaitAck(long requiredOffset, long deadlineMs, T waiter) {
        if (resigned) {
            acks.acked(waiter, Errors.NOT_LEADER_OR_FOLLOWER);
            return;
        }
        if (settings.acksOnLeader()) {
            acks.acked(waiter, Errors.NONE);
            return;
        }
        pending.addLast(new PendingAck<>(requiredOffset, deadlineMs, waiter));
        completeAcks();
    }

    /** Ends the waits whose deadline has passed with REQUEST_TIMED_OUT. */
    public void expireAcks(long nowMs) {
        Iterator<PendingAck<T>> it = pending.iterator();
        while (it.hasNext()) {
            PendingAck<T> p = it.next();
            if (p.deadlineMs() <= nowMs) {
                it.remove();
                acks.acked(p.waiter(), Errors.REQUEST_TIMED_OUT);
            }
        }
    }

    /** Waiting produces not yet answered. */
    public int pendingAcks() {
        return pending.size();
    }

    /** This broker stops leading: every waiting produce ends with NOT_LEADER_OR_FOLLOWER. */
    public void resign() {
        resigned = true;
        while (!pending.isEmpty()) {
            acks.acked(pending.pollFirst().waiter(), Errors.NOT_LEADER_OR_FOLLOWER);
        }
    }

    public boolean resigned() {
        return resigned;
    }

    private boolean advanceHighWatermark() {
        if (resigned || maximalIsr.size() < minIsr) {
            return false;
        }
        long candidate = countedEnd;
        for (int r : maximalIsr) {
            if (r != localId) {
                Progress f = followers.get(r);
                candidate = Math.min(candidate, f == null ? UNKNOWN : f.logEnd);
            }
        }
        if (candidate <= highWatermark) {
            return false;
        }
        highWatermark = candidate;
        completeAcks();
        return true;
    }

    private void completeAcks() {
        while (!pending.isEmpty() && pending.peekFirst().requiredOffset() <= highWatermark) {
            PendingAck<T> p = pending.pollFirst();
            acks.acked(p.waiter(), maximalIsr.size() < minIsr ? Errors.NOT_ENOUGH_REPLICAS_AFTER_APPEND : Errors.NONE);
        }
    }

    @Override
    public String toString() {
        return "leader(epoch " + leaderEpoch + ", partition epoch " + partitionEpoch + ", ISR " + committedIsr + " counting "
            + maximalIsr + ", HW " + highWatermark + ", log end " + logEnd + ")";
    }
}

package dev.crucible.broker.producer;

import dev.crucible.io.RecordBatch;

import dev.crucible.io.Log;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One partition's idempotent producers, by producer id: each one's epoch and last five batches
 * (sequences, offsets, max timestamp). It is what lets the partition answer a retried batch with its
 * original offsets and refuse a gap.
 *
 * <p>Single writer: after it is built (empty, or by {@link #rebuild} before the first append) only the
 * partition log's writer thread touches it, through the {@link PartitionAdmission} it is given. It is
 * handed to that thread safely by the append queue itself (submitting a request publishes what the
 * submitter wrote before). Nothing here is safe to call from other threads afterwards.
 */
public final class ProducerStateTable {
    private final Long2ObjectHashMap<ProducerState> producers = new Long2ObjectHashMap<>();

    /** An empty table, for a new partition. */
    public ProducerStateTable() {
    }

    /**
     * Rebuilds a partition's table from its newest producer snapshot ({@link ProducerSnapshotFile}) and the
     * batch headers after it, or from every batch header from the log start when there is none (headers
     * only: records are never read). Call it after {@link Log#open} and before the
     * first append to the log, so that a batch retried across a broker restart is still recognised as a
     * duplicate and the next sequence is still checked. Every producer found counts as active at
     * {@code nowMs}, so expiry starts over from the restart rather than forgetting producers early.
     */
    public static ProducerStateTable rebuild(Log log, long nowMs) throws IOException {
        ProducerSnapshotFile.Loaded snapshot = ProducerSnapshotFile.newest(log.dir(), log.logEndOffset(), nowMs);
        ProducerStateTable table = snapshot == null ? new ProducerStateTable() : snapshot.table();
        table.removeBefore(log.logStartOffset()); // producers whose batches retention deleted since, as Kafka evicts them
        long from = snapshot == null ? log.logStartOffset() : Math.max(snapshot.endOffset(), log.logStartOffset());
        new ProducerStateLoader(table, nowMs).load(log, from);
        return table;
    }

    /**
     * Saves the table as the state of the log below {@code endOffset}, so the next {@link #rebuild}
     * reads only what follows. Writer thread (or before the writer sees the table).
     */
    public void snapshot(Path dir, long endOffset) throws IOException {
        ProducerSnapshotFile.write(dir, endOffset, this);
    }

    /** Every producer's state, for a snapshot. */
    List<ProducerState> states() {
        return new ArrayList<>(producers.values());
    }

    /** Producers with state in this partition. */
    public int producerCount() {
        return producers.size();
    }

    /** The producer's current epoch in this partition, or -1 when the partition does not know it. */
    public short epochOf(long producerId) {
        ProducerState state = producers.get(producerId);
        return state == null ? SequenceRules.NO_EPOCH : state.epoch();
    }

    /** Last sequence of the producer's newest batch, or -1 when the partition does not know it. */
    public int lastSequenceOf(long producerId) {
        ProducerState state = producers.get(producerId);
        return state == null ? RecordBatch.NO_SEQUENCE : state.lastSequence();
    }

    /**
     * Forgets producers idle for at least {@code expirationMs} (Kafka's {@code producer.id.expiration.ms},
     * one day by default), so the table stays bounded by the producers actually writing. A forgotten
     * producer that comes back is accepted at any sequence, as in Kafka. Returns how many were removed.
     */
    public int removeExpired(long nowMs, long expirationMs) {
        int removed = 0;
        Iterator<ProducerState> it = producers.values().iterator();
        while (it.hasNext()) {
            if (nowMs - it.next().lastActivityMs() >= expirationMs) {
                it.remove();
                removed++;
            }
        }
        return removed;
    }

    /** Forgets producers whose newest batch lies below {@code logStartOffset}: none of their batches is left. */
    /**
     * The log was cut to end at {@code offset}: batches from there on are forgotten, and producers with
     * none left are forgotten too (their next batch is taken as from a producer the partition never saw,
     * as a Kafka follower that rebuilt its state after the cut would take it).
     */
    public void forgetFrom(long offset) {
        producers.values().removeIf(state -> state.forgetFrom(offset) == 0);
    }

    void removeBefore(long logStartOffset) {
        producers.values().removeIf(state -> state.batchCount() > 0
            && state.lastOffsetAt(state.slotOfAge(0)) < logStartOffset);
    }

    ProducerState get(long producerId) {
        return producers.get(producerId);
    }

    ProducerState getOrCreate(long producerId) {
        ProducerState state = producers.get(producerId);
        if (state == null) {
            state = new ProducerState(producerId);
            producers.put(producerId, state);
        }
        return state;
    }
}

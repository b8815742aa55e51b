package dev.crucible.broker.producer;

import dev.crucible.io.RecordBatch;

/**
 * What one partition remembers of one idempotent producer: its epoch and the metadata of its last
 * {@link #RETAINED_BATCHES} batches in that epoch, newest last, in a fixed ring so that recording a
 * batch allocates nothing. Five because a producer has at most five requests in flight
 * ({@code max.in.flight.requests.per.connection}), so any batch it may still retry is remembered.
 *
 * <p>Touched only by the partition's writer thread (or by the rebuild before the writer sees it).
 */
final class ProducerState {
    static final int RETAINED_BATCHES = 5;

    private final long producerId;
    private short epoch = SequenceRules.NO_EPOCH;
    private long lastActivityMs;
    private int count;
    private int newest = -1;
    private final int[] firstSeq = new int[RETAINED_BATCHES];
    private final int[] lastSeq = new int[RETAINED_BATCHES];
    private final long[] firstOffset = new long[RETAINED_BATCHES];
    private final long[] lastOffset = new long[RETAINED_BATCHES];
    private final long[] maxTimestamp = new long[RETAINED_BATCHES];

    ProducerState(long producerId) {
        this.producerId = producerId;
    }

    long producerId() {
        return producerId;
    }

    short epoch() {
        return epoch;
    }

    /** Broker time of the producer's last append (or of the rebuild that found it), for expiry. */
    long lastActivityMs() {
        return lastActivityMs;
    }

    /** Number of batches remembered, at most {@link #RETAINED_BATCHES}. */
    int batchCount() {
        return count;
    }

    /** Last sequence of the newest batch, or -1 when none is remembered. */
    int lastSequence() {
        return count == 0 ? RecordBatch.NO_SEQUENCE : lastSeq[newest];
    }

    /**
     * Records a batch just appended (or found in the log). A different epoch forgets the batches of the
     * old one first, as Kafka does: sequences restart with every epoch.
     */
    void record(short batchEpoch, int batchFirstSeq, int batchLastSeq, long batchFirstOffset, long batchLastOffset,
                long batchMaxTimestamp, long nowMs) {
        if (batchEpoch != epoch) {
            epoch = batchEpoch;
            count = 0;
            newest = -1;
        }
        newest = (newest + 1) % RETAINED_BATCHES;
        firstSeq[newest] = batchFirstSeq;
        lastSeq[newest] = batchLastSeq;
        firstOffset[newest] = batchFirstOffset;
        lastOffset[newest] = batchLastOffset;
        maxTimestamp[newest] = batchMaxTimestamp;
        count = Math.min(count + 1, RETAINED_BATCHES);
        lastActivityMs = nowMs;
    }

    /**
     * Forgets the remembered batches at or past {@code offset} (the log was cut there), newest first;
     * returns the number still remembered.
     */
    int forgetFrom(long offset) {
        while (count > 0 && firstOffset[newest] >= offset) {
            newest = (newest - 1 + RETAINED_BATCHES) % RETAINED_BATCHES;
            count--;
        }
        return count;
    }

    /**
     * The slot of a remembered batch of this epoch with exactly these first and last sequences (a
     * retry), or -1. Kafka compares both ends, so a retry must carry the same records count.
     */
    int findDuplicate(short batchEpoch, int batchFirstSeq, int batchLastSeq) {
        if (batchEpoch != epoch) {
            return -1;
        }
        for (int i = 0; i < count; i++) {
            int slot = slotOf(i);
            if (firstSeq[slot] == batchFirstSeq && lastSeq[slot] == batchLastSeq) {
                return slot;
            }
        }
        return -1;
    }

    /** Ring slot of the {@code age}-th newest batch (0 = newest). */
    private int slotOf(int age) {
        return (newest - age + RETAINED_BATCHES) % RETAINED_BATCHES;
    }

    long firstOffsetAt(int slot) {
        return firstOffset[slot];
    }

    long lastOffsetAt(int slot) {
        return lastOffset[slot];
    }

    int firstSequenceAt(int slot) {
        return firstSeq[slot];
    }

    int lastSequenceAt(int slot) {
        return lastSeq[slot];
    }

    long maxTimestampAt(int slot) {
        return maxTimestamp[slot];
    }

    /** Slot of the {@code age}-th newest remembered batch, 0 being the newest; for inspection and tests. */
    int slotOfAge(int age) {
        if (age < 0 || age >= count) {
            throw new IndexOutOfBoundsException("batch " + age + " of " + count);
        }
        return slotOf(age);
    }
}

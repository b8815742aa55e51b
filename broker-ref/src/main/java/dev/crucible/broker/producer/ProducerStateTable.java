package dev.crucible.broker.producer;

import dev.crucible.io.FetchSlice;
import dev.crucible.io.Log;
import dev.crucible.io.RecordBatch;
import org.agrona.collections.Long2ObjectHashMap;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One partition's idempotent-producer state: per producer id, its epoch and the last
 * {@value #CACHED_BATCHES} batches it wrote (sequence range and offsets), enough to recognise a retry of
 * any batch still in flight (a producer has at most 5 in flight). Touched only by the log's writer
 * thread, through {@link PartitionAdmission}, and by {@link #rebuild} before the partition serves.
 */
public final class ProducerStateTable {
    public static final int CACHED_BATCHES = 5;
    static final int PRODUCER_EPOCH_OFFSET = 51;
    static final int BASE_SEQUENCE_OFFSET = 53;
    private final Long2ObjectHashMap<Entry> producers = new Long2ObjectHashMap<>();

    /** A producer's epoch and its newest batches, oldest first (a ring). */
    static final class Entry {
        short epoch;
        final int[] firstSeq = new int[CACHED_BATCHES];
        final int[] lastSeq = new int[CACHED_BATCHES];
        final long[] firstOffset = new long[CACHED_BATCHES];
        final long[] lastOffset = new long[CACHED_BATCHES];
        int count;
        int head;

        Entry(short epoch) {
            this.epoch = epoch;
        }

        void add(int first, int last, long firstOff, long lastOff) {
            int slot = (head + count) % CACHED_BATCHES;
            if (count == CACHED_BATCHES) {
                head = (head + 1) % CACHED_BATCHES;
                slot = (head + CACHED_BATCHES - 1) % CACHED_BATCHES;
            } else {
                count++;
            }
            firstSeq[slot] = first;
            lastSeq[slot] = last;
            firstOffset[slot] = firstOff;
            lastOffset[slot] = lastOff;
        }

        int newestLastSeq() {
            return lastSeq[(head + count - 1) % CACHED_BATCHES];
        }

        /** Index of a cached batch with exactly this sequence range, or -1. */
        int find(int first, int last) {
            for (int i = 0; i < count; i++) {
                int slot = (head + i) % CACHED_BATCHES;
                if (firstSeq[slot] == first && lastSeq[slot] == last) {
                    return slot;
                }
            }
            return -1;
        }
    }

    Entry get(long producerId) {
        return producers.get(producerId);
    }

    /** Records a batch written at {@code firstOffset..lastOffset}; a new epoch starts afresh. */
    void record(long producerId, short epoch, int firstSeq, int lastSeq, long firstOffset, long lastOffset) {
        Entry e = producers.get(producerId);
        if (e == null || e.epoch != epoch) {
            e = new Entry(epoch);
            producers.put(producerId, e);
        }
        e.add(firstSeq, lastSeq, firstOffset, lastOffset);
    }

    public int producerCount() {
        return producers.size();
    }

    /**
     * Rebuilds the state from the batch headers of the whole log, so that after a restart a retried
     * batch is still answered as a duplicate and sequence gaps are still caught.
     */
    public static ProducerStateTable rebuild(Log log) throws IOException {
        ProducerStateTable table = new ProducerStateTable();
        FetchSlice slice = new FetchSlice();
        ByteBuffer chunk = ByteBuffer.allocateDirect(1 << 20);
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        while (offset < end) {
            log.read(offset, chunk.capacity(), slice);
            if (slice.isEmpty()) {
                break;
            }
            if (chunk.capacity() < slice.length()) {
                chunk = ByteBuffer.allocateDirect(slice.length());
            }
            chunk.clear();
            slice.copyTo(chunk);
            chunk.flip();
            for (int at = 0; at < chunk.limit(); at += RecordBatch.totalSize(chunk, at)) {
                long producerId = chunk.getLong(at + RecordBatch.PRODUCER_ID_OFFSET);
                int baseSeq = chunk.getInt(at + BASE_SEQUENCE_OFFSET);
                if (producerId >= 0 && baseSeq >= 0) {
                    long base = RecordBatch.baseOffset(chunk, at);
                    int delta = RecordBatch.lastOffsetDelta(chunk, at);
                    table.record(producerId, chunk.getShort(at + PRODUCER_EPOCH_OFFSET), baseSeq,
                        PartitionAdmission.addSeq(baseSeq, delta), base, base + delta);
                }
            }
            offset = slice.nextOffset();
        }
        return table;
    }
}

package dev.crucible.io;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * What the simulation knows the log must hold: every acknowledged batch, by base offset, with the
 * exact bytes the writer stamped (base offset and all), from the log start offset to the end.
 */
final class SimModel {
    private final TreeMap<Long, byte[]> batches = new TreeMap<>();
    private long startOffset;
    private long endOffset;

    long startOffset() {
        return startOffset;
    }

    long endOffset() {
        return endOffset;
    }

    /** Records the batches of an acknowledged append (its buffer as the writer left it). */
    void acknowledged(ByteBuffer stamped) {
        for (int at = stamped.position(); at < stamped.limit(); ) {
            int total = RecordBatch.totalSize(stamped, at);
            long base = RecordBatch.baseOffset(stamped, at);
            byte[] bytes = new byte[total];
            stamped.get(at, bytes);
            batches.put(base, bytes);
            endOffset = base + RecordBatch.lastOffsetDelta(stamped, at) + 1;
            at += total;
        }
    }

    /** The batch whose offsets include {@code offset}, or null. */
    Map.Entry<Long, byte[]> batchHolding(long offset) {
        Map.Entry<Long, byte[]> floor = batches.floorEntry(offset);
        return floor != null && lastOffset(floor.getValue()) >= offset ? floor : null;
    }

    /** Batches from {@code base} on, in offset order. */
    NavigableMap<Long, byte[]> from(long base) {
        return batches.tailMap(base, true);
    }

    /** Retention moved the log start offset: the batches below it are gone. */
    void startAt(long offset) {
        batches.headMap(offset, false).clear();
        startOffset = Math.max(startOffset, offset);
    }

    /** The log was cut (truncation, or a crash lost its tail): nothing at or after {@code offset} remains. */
    void endAt(long offset) {
        batches.tailMap(offset, true).clear();
        endOffset = Math.min(endOffset, offset);
        startOffset = Math.min(startOffset, endOffset);
    }

    static long lastOffset(byte[] batch) {
        ByteBuffer buffer = ByteBuffer.wrap(batch);
        return RecordBatch.baseOffset(buffer, 0) + RecordBatch.lastOffsetDelta(buffer, 0);
    }
}

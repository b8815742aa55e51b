package dev.crucible.io;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The writer's pure work on one append's buffer of record batches: validating every batch, reading
 * the newest timestamp, and stamping the assigned offsets (and leader epoch) into the batches, both
 * outside the CRC, or, for a follower, checking that the leader's offsets continue the log.
 * Allocation-free; the layout itself is {@link RecordBatch}'s.
 */
final class AppendBatches {
    private AppendBatches() {
    }

    /**
     * Checks every batch in the buffer (header, then CRC32C unless the caller already checked it:
     * {@link AppendRequest#crcChecked(boolean)}); returns the number of offsets the batches
     * span minus one, which is the last offset's distance from the first.
     *
     * @throws InvalidBatchException on the first defect, or when no segment could index the span
     */
    static long validate(CRC32C crc, ByteBuffer buffer, int maxBatchBytes, boolean crcChecked) {
        if (buffer == null || !buffer.hasRemaining()) {
            throw new InvalidBatchException("empty append: no record batch in the buffer");
        }
        int at = buffer.position();
        int end = buffer.limit();
        long records = 0;
        while (at < end) {
            int total = crcChecked ? RecordBatch.checkHeader(buffer, at, end - at, maxBatchBytes)
                : RecordBatch.validate(crc, buffer, at, end - at, maxBatchBytes);
            records += RecordBatch.lastOffsetDelta(buffer, at) + 1L;
            at += total;
        }
        if (records - 1 > Integer.MAX_VALUE) {
            // no segment could index it: the relative offset of its last batch would overflow the index
            throw new InvalidBatchException("the batches of one append span " + records + " offsets, more than one"
                + " segment can hold (" + (Integer.MAX_VALUE + 1L) + ")");
        }
        return records - 1;
    }

    /** Largest max timestamp of the (validated) batches; -1 when none has one. */
    static long maxTimestampOf(ByteBuffer buffer) {
        long max = -1;
        for (int at = buffer.position(); at < buffer.limit(); at += RecordBatch.totalSize(buffer, at)) {
            max = Math.max(max, RecordBatch.maxTimestamp(buffer, at));
        }
        return max;
    }

    /**
     * Stamps offsets from {@code next} on into the request's batches, records each batch for the
     * indexes and the buffer for the gathering write; returns the offset after the last one.
     */
    static long assignOffsets(AppendRequest request, long next, PendingWrite pending) {
        ByteBuffer buffer = request.batches();
        long base = next;
        for (int at = buffer.position(); at < buffer.limit(); ) {
            int total = RecordBatch.totalSize(buffer, at);
            long last = next + RecordBatch.lastOffsetDelta(buffer, at);
            buffer.putLong(at + RecordBatch.BASE_OFFSET_OFFSET, next);
            if (request.leaderEpoch() >= 0) {
                buffer.putInt(at + RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, request.leaderEpoch());
            }
            pending.addBatch(total, last, RecordBatch.maxTimestamp(buffer, at), RecordBatch.partitionLeaderEpoch(buffer, at));
            next = last + 1;
            at += total;
        }
        request.assigned(base, next - 1);
        pending.addBuffer(buffer);
        return next;
    }

    /**
     * A follower's (validated) batches carry the leader's offsets: checks that the first begins at
     * {@code next}, the log end offset when they are written, and that each next one begins right after
     * the one before it.
     *
     * @throws InvalidBatchException naming the offsets of the gap or overlap; nothing was changed
     */
    static void checkFollowerOffsets(ByteBuffer buffer, long next) {
        long expected = next;
        int index = 0;
        for (int at = buffer.position(); at < buffer.limit(); at += RecordBatch.totalSize(buffer, at)) {
            long base = RecordBatch.baseOffset(buffer, at);
            if (base != expected) {
                String how = base > expected ? "a gap of " + (base - expected) + " offsets"
                    : "an overlap of " + (expected - base) + " offsets";
                throw new InvalidBatchException(index == 0
                    ? "follower append refused: its first batch begins at offset " + base + " but the log ends at " + next
                        + " (" + how + "); nothing was written"
                    : "follower append refused: batch " + index + " begins at offset " + base + " but the one before it ends at "
                        + (expected - 1) + " (" + how + "); nothing was written");
            }
            expected = base + RecordBatch.lastOffsetDelta(buffer, at) + 1;
            index++;
        }
    }

    /**
     * Takes a follower's batches, checked by {@link #checkFollowerOffsets}, as they are: records each for
     * the indexes and the buffer for the gathering write, sets the request's offsets to the batches' own;
     * returns the offset after the last one.
     */
    static long takeAsFollower(AppendRequest request, PendingWrite pending) {
        ByteBuffer buffer = request.batches();
        long base = RecordBatch.baseOffset(buffer, buffer.position());
        long next = base;
        for (int at = buffer.position(); at < buffer.limit(); ) {
            int total = RecordBatch.totalSize(buffer, at);
            long last = RecordBatch.baseOffset(buffer, at) + RecordBatch.lastOffsetDelta(buffer, at);
            pending.addBatch(total, last, RecordBatch.maxTimestamp(buffer, at), RecordBatch.partitionLeaderEpoch(buffer, at));
            next = last + 1;
            at += total;
        }
        request.assigned(base, next - 1);
        pending.addBuffer(buffer);
        return next;
    }
}

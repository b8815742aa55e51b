package dev.crucible.broker.producer;

import dev.crucible.broker.producer.ProduceValidation.Refusal;
import dev.crucible.broker.producer.ProduceValidation.TimestampWindow;
import dev.crucible.io.RecordBatch;
import org.apache.kafka.common.protocol.Errors;

import java.nio.ByteBuffer;

/**
 * Walks the records of an uncompressed v2 batch in place, reading only what the checks need:
 *
 * <pre>
 * field           encoding
 * length          varint (zigzag): bytes of the record after this field
 * attributes      int8
 * timestampDelta  varlong (zigzag): record timestamp minus the batch's baseTimestamp
 * offsetDelta     varint (zigzag): record offset minus the batch's baseOffset
 * ...             key, value, headers: skipped with the length
 * </pre>
 *
 * No allocation; every read is bounds-checked against the batch, so a lying header cannot make the
 * walk leave it.
 */
final class RecordWalk {
    /** The smallest record: length, attributes, timestamp and offset deltas, key and value lengths, header count. */
    static final int MIN_RECORD_BODY = 6;

    private RecordWalk() {
    }

    static Refusal check(ByteBuffer buf, int at, int total, TimestampWindow window, long nowMs) {
        int declared = RecordBatch.recordCount(buf, at);
        int lastOffsetDelta = RecordBatch.lastOffsetDelta(buf, at);
        long baseTimestamp = buf.getLong(at + RecordBatch.BASE_TIMESTAMP_OFFSET);
        int end = at + total;
        int p = at + RecordBatch.HEADER_SIZE;
        int seen = 0;
        while (p < end) {
            long length = varlong(buf, p, end);
            p += width(buf, p);
            if (length < MIN_RECORD_BODY || length > end - p) {
                return new Refusal(Errors.INVALID_RECORD, "record " + seen + " claims " + length + " bytes; the batch has "
                    + (end - p) + " left");
            }
            int recordEnd = p + (int) length;
            int q = p + 1; // attributes
            long timestampDelta = varlong(buf, q, recordEnd);
            q += width(buf, q);
            long offsetDelta = varlong(buf, q, recordEnd);
            Refusal refusal = checkRecord(seen, offsetDelta, declared, lastOffsetDelta, baseTimestamp + timestampDelta,
                baseTimestamp, window, nowMs);
            if (refusal != null) {
                return refusal;
            }
            seen++;
            p = recordEnd;
        }
        return checkTotal(seen, declared, lastOffsetDelta);
    }

    /** The checks of one record: its place in the sequence, and its timestamp. */
    static Refusal checkRecord(int index, long offsetDelta, int declared, int lastOffsetDelta, long timestamp,
                               long baseTimestamp, TimestampWindow window, long nowMs) {
        if (index >= declared) {
            return new Refusal(Errors.INVALID_RECORD, "the batch holds more records than its record count " + declared);
        }
        if (offsetDelta != index) {
            return new Refusal(Errors.INVALID_RECORD, "record " + index + " has offset delta " + offsetDelta);
        }
        if (!window.allows(timestamp, nowMs)) {
            return new Refusal(Errors.INVALID_TIMESTAMP, "timestamp " + timestamp + " of record " + index
                + " is out of range: it must lie within message.timestamp.before.max.ms=" + window.beforeMaxMs()
                + " before and message.timestamp.after.max.ms=" + window.afterMaxMs() + " after the broker's time " + nowMs);
        }
        return null;
    }

    static Refusal checkTotal(int seen, int declared, int lastOffsetDelta) {
        if (seen != declared) {
            return new Refusal(Errors.INVALID_RECORD, "the batch says " + declared + " records but holds " + seen);
        }
        if (seen - 1 != lastOffsetDelta) {
            return new Refusal(Errors.INVALID_RECORD, "lastOffsetDelta " + lastOffsetDelta + " does not match the "
                + seen + " records present");
        }
        return null;
    }

    /** A zigzag varlong at {@code p}; a value that runs past {@code end} or over 10 bytes reads as -1 (refused). */
    static long varlong(ByteBuffer buf, int p, int end) {
        long raw = 0;
        for (int shift = 0, i = p; shift < 70; shift += 7, i++) {
            if (i >= end) {
                return -1;
            }
            byte b = buf.get(i);
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        return -1;
    }

    /** Bytes the varint at {@code p} takes (at most 10; the bound was checked by {@link #varlong}). */
    static int width(ByteBuffer buf, int p) {
        int n = 1;
        while (n < 10 && p + n - 1 < buf.limit() && (buf.get(p + n - 1) & 0x80) != 0) {
            n++;
        }
        return n;
    }
}

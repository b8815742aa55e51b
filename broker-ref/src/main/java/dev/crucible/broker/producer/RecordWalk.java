package dev.crucible.broker.producer;

import dev.crucible.broker.producer.ProduceValidation.Refusal;
import dev.crucible.broker.config.TimestampWindow;
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

    private final ByteBuffer buf;
    private int p; // the next byte to read

    private RecordWalk(ByteBuffer buf, int p) {
        this.buf = buf;
        this.p = p;
    }

    static Refusal check(ByteBuffer buf, int at, int total, TimestampWindow window, long nowMs) {
        int declared = RecordBatch.recordCount(buf, at);
        int lastOffsetDelta = RecordBatch.lastOffsetDelta(buf, at);
        long baseTimestamp = RecordBatch.baseTimestamp(buf, at);
        int end = at + total;
        RecordWalk walk = new RecordWalk(buf, at + RecordBatch.HEADER_SIZE);
        int seen = 0;
        while (walk.p < end) {
            long length = walk.varlong(end);
            if (length < MIN_RECORD_BODY || length > end - walk.p) {
                return new Refusal(Errors.INVALID_RECORD, "record " + seen + " claims " + length + " bytes; the batch has "
                    + (end - walk.p) + " left");
            }
            int recordEnd = walk.p + (int) length;
            walk.p++; // attributes
            long timestampDelta = walk.varlong(recordEnd);
            long offsetDelta = walk.varlong(recordEnd);
            Refusal refusal = checkRecord(seen, offsetDelta, declared, lastOffsetDelta, baseTimestamp + timestampDelta,
                window, nowMs);
            if (refusal != null) {
                return refusal;
            }
            seen++;
            walk.p = recordEnd;
        }
        return checkTotal(seen, declared, lastOffsetDelta);
    }

    /** The checks of one record: its place in the sequence, and its timestamp. */
    static Refusal checkRecord(int index, long offsetDelta, int declared, int lastOffsetDelta, long timestamp,
                               TimestampWindow window, long nowMs) {
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

    /**
     * Reads the zigzag varlong at the cursor and moves past it. One that runs past {@code end} or over
     * 10 bytes reads as {@link Long#MIN_VALUE}, which every check refuses, and leaves the cursor at {@code end}.
     */
    private long varlong(int end) {
        long raw = 0;
        for (int shift = 0; shift < 70; shift += 7) {
            if (p >= end) {
                break;
            }
            byte b = buf.get(p++);
            raw |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return (raw >>> 1) ^ -(raw & 1);
            }
        }
        p = end;
        return Long.MIN_VALUE;
    }
}

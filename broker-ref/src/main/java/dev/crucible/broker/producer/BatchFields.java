package dev.crucible.broker.producer;

import dev.crucible.io.RecordBatch;

import java.nio.ByteBuffer;

/**
 * The producer fields of a v2 record batch header that {@link RecordBatch} has no accessor for, read
 * absolutely (no position change, no allocation) from the batch starting at {@code at}.
 *
 * <pre>
 * offset  size  field
 *     21     2  attributes     bits 0-2 compression, 3 timestamp type (1 = LogAppendTime),
 *                              4 transactional, 5 control, 6 delete horizon set
 *     43     8  producerId     -1 when the producer is not idempotent
 *     51     2  producerEpoch
 *     53     4  baseSequence   sequence number of the first record; -1 when not idempotent
 * </pre>
 */
final class BatchFields {
    static final int PRODUCER_EPOCH_OFFSET = 51;
    static final int BASE_SEQUENCE_OFFSET = 53;
    static final int TIMESTAMP_TYPE_BIT = 0x08;
    static final int TRANSACTIONAL_BIT = 0x10;
    static final int CONTROL_BIT = 0x20;
    /** Kafka's value of producerId and baseSequence in a batch from a producer that is not idempotent. */
    static final long NO_PRODUCER_ID = -1;
    static final int NO_SEQUENCE = -1;

    private BatchFields() {
    }

    static int attributes(ByteBuffer buf, int at) {
        return buf.getShort(at + RecordBatch.ATTRIBUTES_OFFSET) & 0xFFFF;
    }

    static long producerId(ByteBuffer buf, int at) {
        return buf.getLong(at + RecordBatch.PRODUCER_ID_OFFSET);
    }

    static short producerEpoch(ByteBuffer buf, int at) {
        return buf.getShort(at + PRODUCER_EPOCH_OFFSET);
    }

    static int baseSequence(ByteBuffer buf, int at) {
        return buf.getInt(at + BASE_SEQUENCE_OFFSET);
    }

    /** Kafka's rule: a batch carries a producer id when the field is not negative. */
    static boolean isIdempotent(long producerId) {
        return producerId > NO_PRODUCER_ID;
    }

    /**
     * Sequence number of the batch's last record: the base sequence plus the last offset delta,
     * wrapping past {@link Integer#MAX_VALUE} to 0 as producers do.
     */
    static int lastSequence(int baseSequence, int lastOffsetDelta) {
        if (baseSequence > Integer.MAX_VALUE - lastOffsetDelta) {
            return lastOffsetDelta - (Integer.MAX_VALUE - baseSequence) - 1;
        }
        return baseSequence + lastOffsetDelta;
    }
}

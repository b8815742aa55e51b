package dev.crucible.broker.producer;

import dev.crucible.io.AppendRefusedException;
import dev.crucible.io.RecordBatch;
import org.apache.kafka.common.protocol.Errors;

import java.nio.ByteBuffer;

/**
 * The checks Apache Kafka makes on a batch because a client sent it (its LogValidator with origin
 * CLIENT), beyond the engine's own (sizes, magic, CRC), plus the refusal of transactions, which this
 * broker does not support. Each failure is an {@link AppendRefusedException} whose reason is the
 * Kafka error code.
 *
 * <ul>
 *   <li>control batch (attributes bit 5): only a transaction coordinator writes those; Kafka answers
 *       INVALID_RECORD ("clients are not allowed to write control records").</li>
 *   <li>transactional batch (bit 4): no transaction can be ongoing here, so the batch is answered as
 *       Kafka answers a transactional write to a partition that was not added to a transaction:
 *       INVALID_TXN_STATE, which clients treat as not retriable.</li>
 *   <li>record count not equal to lastOffsetDelta + 1, or zero: INVALID_RECORD.</li>
 *   <li>timestamp type LogAppendTime (bit 3) set by the producer: INVALID_TIMESTAMP ("producer should
 *       not set timestamp type to LogAppendTime"). Kafka only refuses it on LogAppendTime topics and
 *       rewrites it on CreateTime ones; no client sets it, so refusing it everywhere is simpler.</li>
 *   <li>a producer id with a negative base sequence: INVALID_RECORD.</li>
 * </ul>
 */
final class ClientBatchRules {
    private ClientBatchRules() {
    }

    /** Checks the batch at {@code at}, which the engine has already validated as a whole v2 batch. */
    static void check(ByteBuffer buf, int at) {
        int attributes = RecordBatch.attributes(buf, at);
        if ((attributes & RecordBatch.CONTROL_BIT) != 0) {
            throw refuse(Errors.INVALID_RECORD, "clients may not write control batches");
        }
        if ((attributes & RecordBatch.TRANSACTIONAL_BIT) != 0) {
            throw refuse(Errors.INVALID_TXN_STATE, "transactional batch from producer " + RecordBatch.producerId(buf, at)
                + ": this broker does not support transactions, so no transaction is ongoing");
        }
        if ((attributes & RecordBatch.TIMESTAMP_TYPE_BIT) != 0) {
            throw refuse(Errors.INVALID_TIMESTAMP, "producers must not set the timestamp type to LogAppendTime");
        }
        int count = RecordBatch.recordCount(buf, at);
        int lastOffsetDelta = RecordBatch.lastOffsetDelta(buf, at);
        if (count <= 0 || count != lastOffsetDelta + 1L) {
            throw refuse(Errors.INVALID_RECORD, "record count " + count + " does not match lastOffsetDelta " + lastOffsetDelta);
        }
        long producerId = RecordBatch.producerId(buf, at);
        if (SequenceRules.isIdempotent(producerId) && RecordBatch.baseSequence(buf, at) < 0) {
            throw refuse(Errors.INVALID_RECORD, "producer " + producerId + " sent base sequence " + RecordBatch.baseSequence(buf, at));
        }
    }

    static AppendRefusedException refuse(Errors error, String message) {
        return new AppendRefusedException(error.code(), error.name() + ": " + message);
    }
}

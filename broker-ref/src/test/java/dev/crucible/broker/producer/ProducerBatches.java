package dev.crucible.broker.producer;

import dev.crucible.testing.KafkaBatches;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.RecordBatch;

/** The producer tests' batches: {@link KafkaBatches} with every record stamped {@link #CREATE_TIME}. */
final class ProducerBatches {
    static final long CREATE_TIME = 1_000L;

    private ProducerBatches() {
    }

    /** An idempotent batch of the producer, one record per value. */
    static ByteBuffer idempotent(long producerId, int epoch, int baseSequence, String... values) {
        return KafkaBatches.idempotent(Compression.NONE, producerId, epoch, baseSequence, CREATE_TIME, values);
    }

    static ByteBuffer idempotentGzip(long producerId, int epoch, int baseSequence, String... values) {
        return KafkaBatches.idempotent(Compression.gzip().build(), producerId, epoch, baseSequence, CREATE_TIME, values);
    }

    static ByteBuffer transactional(long producerId, int epoch, int baseSequence, String... values) {
        return KafkaBatches.transactional(producerId, epoch, baseSequence, CREATE_TIME, values);
    }

    static ByteBuffer commitMarker(long producerId, int epoch) {
        return KafkaBatches.commitMarker(producerId, epoch);
    }

    /** A batch from a producer that is not idempotent (producer id -1). */
    static ByteBuffer plain(String... values) {
        return plain(TimestampType.CREATE_TIME, values);
    }

    static ByteBuffer plain(TimestampType timestampType, String... values) {
        return KafkaBatches.plain(Compression.NONE, timestampType, CREATE_TIME, values);
    }

    static ByteBuffer concat(ByteBuffer... parts) {
        return KafkaBatches.concat(parts);
    }

    static List<RecordBatch> batches(ByteBuffer bytes) {
        return KafkaBatches.batches(bytes);
    }

    static List<String> records(ByteBuffer bytes) {
        return KafkaBatches.decode(bytes);
    }
}

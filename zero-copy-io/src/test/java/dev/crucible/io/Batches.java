package dev.crucible.io;

import dev.crucible.testing.KafkaBatches;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;

/** The engine tests' batches, built by Kafka's own producer-side code ({@link KafkaBatches}). */
final class Batches {
    private Batches() {
    }

    /** One v2 batch, base offset 0, holding the values (keys "k-" + value), in a direct buffer. */
    static ByteBuffer batch(long timestamp, String... values) {
        return batch(Compression.NONE, timestamp, values);
    }

    static ByteBuffer batch(Compression compression, long timestamp, String... values) {
        return KafkaBatches.plain(compression, TimestampType.CREATE_TIME, timestamp, values);
    }

    /** A batch of one record whose value has the given size. */
    static ByteBuffer batchOfSize(long timestamp, int valueBytes, byte fill) {
        return KafkaBatches.ofSize(timestamp, valueBytes, fill);
    }

    static ByteBuffer concat(ByteBuffer... parts) {
        return KafkaBatches.concat(parts);
    }

    /** "offset:value" of every record in the given bytes, as Kafka's reader decodes them. */
    static List<String> decode(ByteBuffer bytes) {
        return KafkaBatches.decode(bytes);
    }
}

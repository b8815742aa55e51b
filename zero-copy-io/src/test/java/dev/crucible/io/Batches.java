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

    /**
     * One batch as a leader stored it, for a follower's append: base offset {@code baseOffset}, partition
     * leader epoch {@code epoch} (both outside the CRC), one record per value.
     */
    static ByteBuffer fromLeader(long baseOffset, int epoch, long timestamp, String... values) {
        ByteBuffer batch = batch(timestamp, values);
        batch.putLong(batch.position() + RecordBatch.BASE_OFFSET_OFFSET, baseOffset);
        batch.putInt(batch.position() + RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, epoch);
        return batch;
    }

    static ByteBuffer concat(ByteBuffer... parts) {
        return KafkaBatches.concat(parts);
    }

    /** "offset:value" of every record in the given bytes, as Kafka's reader decodes them. */
    static List<String> decode(ByteBuffer bytes) {
        return KafkaBatches.decode(bytes);
    }
}

package dev.crucible.testing;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Record batches built by Kafka's own producer-side code, in direct buffers as a network layer holds
 * them, so engine and broker tests see exactly what clients send, and read back with Kafka's own
 * reader. Records carry the key {@code "k-" + value}.
 */
public final class KafkaBatches {
    private KafkaBatches() {
    }

    /** One batch, base offset 0, producer id -1, one record per value, all stamped {@code timestamp}. */
    public static ByteBuffer plain(Compression compression, TimestampType timestampType, long timestamp, String... values) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024 + 64 * values.length),
            compression, timestampType, 0L);
        for (SimpleRecord record : records(timestamp, values)) {
            builder.append(record);
        }
        return direct(builder.build().buffer());
    }

    /** One record of {@code valueBytes} bytes of {@code fill}, no key. */
    public static ByteBuffer ofSize(long timestamp, int valueBytes, byte fill) {
        byte[] value = new byte[valueBytes];
        java.util.Arrays.fill(value, fill);
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(valueBytes + 256),
            Compression.NONE, TimestampType.CREATE_TIME, 0L);
        builder.append(timestamp, null, value);
        return direct(builder.build().buffer());
    }

    /** A batch of an idempotent producer. */
    public static ByteBuffer idempotent(Compression compression, long producerId, int epoch, int baseSequence, long timestamp,
                                        String... values) {
        return direct(MemoryRecords.withIdempotentRecords(compression, producerId, (short) epoch, baseSequence,
            records(timestamp, values)).buffer());
    }

    /** A batch of a transactional producer. */
    public static ByteBuffer transactional(long producerId, int epoch, int baseSequence, long timestamp, String... values) {
        return direct(MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) epoch, baseSequence,
            records(timestamp, values)).buffer());
    }

    /** A COMMIT control batch. */
    public static ByteBuffer commitMarker(long producerId, int epoch) {
        return direct(MemoryRecords.withEndTransactionMarker(producerId, (short) epoch,
            new EndTransactionMarker(ControlRecordType.COMMIT, 0)).buffer());
    }

    /** A direct copy of {@code heap}'s remaining bytes, position 0. */
    public static ByteBuffer direct(ByteBuffer heap) {
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining());
        direct.put(heap.duplicate()).flip();
        return direct;
    }

    /** The parts one after another, in one direct buffer. */
    public static ByteBuffer concat(ByteBuffer... parts) {
        int total = 0;
        for (ByteBuffer part : parts) {
            total += part.remaining();
        }
        ByteBuffer all = ByteBuffer.allocateDirect(total);
        for (ByteBuffer part : parts) {
            all.put(part.duplicate());
        }
        return all.flip();
    }

    /** Every batch in the bytes, checked with Kafka's own {@code ensureValid} (CRC included). */
    public static List<RecordBatch> batches(ByteBuffer bytes) {
        List<RecordBatch> out = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(bytes.duplicate()).batches()) {
            batch.ensureValid();
            out.add(batch);
        }
        return out;
    }

    /** "offset:value" of every record in the bytes, as Kafka's reader decodes them. */
    public static List<String> decode(ByteBuffer bytes) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : batches(bytes)) {
            for (Record record : batch) {
                out.add(record.offset() + ":" + StandardCharsets.UTF_8.decode(record.value()));
            }
        }
        return out;
    }

    private static SimpleRecord[] records(long timestamp, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(timestamp, ("k-" + values[i]).getBytes(StandardCharsets.UTF_8),
                values[i].getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }
}

package dev.crucible.broker.producer;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.ControlRecordType;
import org.apache.kafka.common.record.internal.EndTransactionMarker;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test batches built by Kafka's own producer-side code, copied into direct buffers as the network layer holds them. */
final class ProducerBatches {
    static final long CREATE_TIME = 1_000L;

    private ProducerBatches() {
    }

    /** An idempotent batch of the producer, one record per value (record timestamps {@link #CREATE_TIME}). */
    static ByteBuffer idempotent(long producerId, int epoch, int baseSequence, String... values) {
        return direct(MemoryRecords.withIdempotentRecords(Compression.NONE, producerId, (short) epoch, baseSequence,
            records(values)).buffer());
    }

    static ByteBuffer idempotentGzip(long producerId, int epoch, int baseSequence, String... values) {
        return direct(MemoryRecords.withIdempotentRecords(Compression.gzip().build(), producerId, (short) epoch,
            baseSequence, records(values)).buffer());
    }

    static ByteBuffer transactional(long producerId, int epoch, int baseSequence, String... values) {
        return direct(MemoryRecords.withTransactionalRecords(Compression.NONE, producerId, (short) epoch, baseSequence,
            records(values)).buffer());
    }

    static ByteBuffer commitMarker(long producerId, int epoch) {
        return direct(MemoryRecords.withEndTransactionMarker(producerId, (short) epoch,
            new EndTransactionMarker(ControlRecordType.COMMIT, 0)).buffer());
    }

    /** A batch from a producer that is not idempotent (producer id -1). */
    static ByteBuffer plain(String... values) {
        return plain(TimestampType.CREATE_TIME, values);
    }

    static ByteBuffer plain(TimestampType timestampType, String... values) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024 + 64 * values.length),
            Compression.NONE, timestampType, 0L);
        for (SimpleRecord record : records(values)) {
            builder.append(record);
        }
        return direct(builder.build().buffer());
    }

    private static SimpleRecord[] records(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(CREATE_TIME, ("k-" + values[i]).getBytes(StandardCharsets.UTF_8),
                values[i].getBytes(StandardCharsets.UTF_8));
        }
        return records;
    }

    static ByteBuffer direct(ByteBuffer heap) {
        ByteBuffer direct = ByteBuffer.allocateDirect(heap.remaining());
        direct.put(heap.duplicate()).flip();
        return direct;
    }

    static ByteBuffer concat(ByteBuffer... parts) {
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
    static List<RecordBatch> batches(ByteBuffer bytes) {
        List<RecordBatch> out = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(bytes.duplicate()).batches()) {
            batch.ensureValid();
            out.add(batch);
        }
        return out;
    }

    /** "offset:value" of every record in the bytes, as Kafka's reader decodes them. */
    static List<String> records(ByteBuffer bytes) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : batches(bytes)) {
            for (Record record : batch) {
                out.add(record.offset() + ":" + StandardCharsets.UTF_8.decode(record.value()));
            }
        }
        return out;
    }
}

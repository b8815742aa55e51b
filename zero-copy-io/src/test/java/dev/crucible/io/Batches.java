package dev.crucible.io;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MemoryRecordsBuilder;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test batches built by Kafka's own producer-side code, so the engine sees exactly what clients send. */
final class Batches {
    private Batches() {
    }

    /** One v2 batch, base offset 0, holding the values (keys "k-" + value), in a direct buffer. */
    static ByteBuffer batch(long timestamp, String... values) {
        return batch(Compression.NONE, timestamp, values);
    }

    static ByteBuffer batch(Compression compression, long timestamp, String... values) {
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(1024 + 64 * values.length),
            compression, TimestampType.CREATE_TIME, 0L);
        for (String value : values) {
            builder.append(timestamp, ("k-" + value).getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
        }
        return direct(builder.build().buffer());
    }

    /** A batch of one record whose value has the given size. */
    static ByteBuffer batchOfSize(long timestamp, int valueBytes, byte fill) {
        byte[] value = new byte[valueBytes];
        java.util.Arrays.fill(value, fill);
        MemoryRecordsBuilder builder = MemoryRecords.builder(ByteBuffer.allocate(valueBytes + 256),
            Compression.NONE, TimestampType.CREATE_TIME, 0L);
        builder.append(timestamp, null, value);
        return direct(builder.build().buffer());
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

    /** (offset, value) of every record in the given bytes, as Kafka's reader decodes them. */
    static List<String> decode(ByteBuffer bytes) {
        List<String> out = new ArrayList<>();
        for (RecordBatch batch : MemoryRecords.readableRecords(bytes.duplicate()).batches()) {
            batch.ensureValid();
            for (Record record : batch) {
                out.add(record.offset() + ":" + StandardCharsets.UTF_8.decode(record.value()));
            }
        }
        return out;
    }
}

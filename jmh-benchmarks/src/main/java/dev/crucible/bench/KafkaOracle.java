package dev.crucible.bench;

import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;

import java.nio.ByteBuffer;

/**
 * Checks a hand-built batch with Apache Kafka's own parser before a benchmark trusts it: batch CRC and
 * sizes ({@code ensureValid}), then the record itself decoded field by field. Setup time only.
 */
final class KafkaOracle {
    private KafkaOracle() {
    }

    /**
     * Fails unless {@code batch} (position to limit, untouched) is exactly one valid uncompressed v2 batch
     * of one record with {@code valueBytes} of value.
     */
    /** A seeded one-record batch of exactly {@code batchBytes}, timestamped now, checked by Kafka's parser. */
    static ByteBuffer checkedBatch(int batchBytes, long seed) {
        ByteBuffer batch = V2BatchBuilder.build(batchBytes, seed, System.currentTimeMillis());
        requireSingleRecordBatch(batch, V2BatchBuilder.valueBytes(batchBytes));
        return batch;
    }

    static void requireSingleRecordBatch(ByteBuffer batch, int valueBytes) {
        ByteBuffer copy = ByteBuffer.allocate(batch.remaining());
        copy.put(batch.duplicate()).flip();
        int batches = 0;
        for (MutableRecordBatch parsed : MemoryRecords.readableRecords(copy).batches()) {
            parsed.ensureValid();
            require(parsed.magic() == 2, "magic " + parsed.magic());
            require(!parsed.isCompressed(), "compressed batch");
            require(parsed.sizeInBytes() == batch.remaining(), "size " + parsed.sizeInBytes());
            int records = 0;
            for (Record record : parsed) {
                record.ensureValid();
                require(record.valueSize() == valueBytes, "value of " + record.valueSize() + " bytes");
                records++;
            }
            require(records == 1, records + " records");
            batches++;
        }
        require(batches == 1, batches + " batches");
    }

    private static void require(boolean condition, String found) {
        if (!condition) {
            throw new IllegalStateException("Kafka reads the benchmark batch differently: " + found);
        }
    }
}

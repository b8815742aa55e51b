package dev.crucible.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.broker.config.TimestampWindow;
import dev.crucible.broker.producer.ProduceValidation.Refusal;
import dev.crucible.io.RecordBatch;
import dev.crucible.testing.Tries;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;

/**
 * Batch validation, for any batch kafka-clients can build (random codec, 1-20 records, random keys,
 * values, headers and timestamps in the window): a batch as its producer built it passes; one changed
 * byte anywhere the producer's CRC or the framing covers is refused, never stored; a header that lies
 * about its records, CRC recomputed over the lie, is INVALID_RECORD. The bytes outside the CRC that
 * the broker rewrites anyway (base offset, partition leader epoch) do not matter.
 */
class ProduceValidationPropertiesTest {
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final int PRODUCE_VERSION = 9;
    private static final int MAX_BYTES = 1 << 20;
    private static final int MAX_RECORDS = 20;
    private static final Compression[] CODECS = {Compression.NONE, Compression.gzip().build(),
        Compression.snappy().build(), Compression.lz4().build(), Compression.zstd().build()};

    @Test
    void aBatchAsItsProducerBuiltItPasses() {
        Tries.check("untouched batch passes", 300, MAX_RECORDS, (seed, size) -> {
            ByteBuffer batch = randomBatch(new SplittableRandom(seed), size);
            assertThat(check(batch)).isNull();
        });
    }

    @Test
    void anyChangedByteTheCrcOrTheFramingCoversIsRefused() {
        Tries.check("changed byte refused", 500, MAX_RECORDS, (seed, size) -> {
            SplittableRandom random = new SplittableRandom(seed);
            ByteBuffer batch = randomBatch(random, size);
            int total = batch.remaining();
            // the length field, then the magic byte, the CRC itself and everything the CRC covers
            int covered = 4 + (total - RecordBatch.MAGIC_OFFSET);
            int pick = random.nextInt(covered);
            int at = pick < 4 ? RecordBatch.LENGTH_OFFSET + pick : RecordBatch.MAGIC_OFFSET + pick - 4;
            int xor = 1 + random.nextInt(255);
            batch.put(at, (byte) (batch.get(at) ^ xor));

            Refusal refusal = check(batch);

            assertThat(refusal).as("byte %d of %d changed (xor %d)", at, total, xor).isNotNull();
            assertThat(refusal.error()).isIn(Errors.CORRUPT_MESSAGE, Errors.INVALID_RECORD, Errors.MESSAGE_TOO_LARGE);
        });
    }

    @Test
    void theFieldsTheBrokerRewritesAreOutsideTheCheck() {
        Tries.check("rewritten fields ignored", 200, MAX_RECORDS, (seed, size) -> {
            SplittableRandom random = new SplittableRandom(seed);
            ByteBuffer batch = randomBatch(random, size);
            batch.putLong(RecordBatch.BASE_OFFSET_OFFSET, random.nextLong());
            batch.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, random.nextInt());
            assertThat(check(batch)).isNull();
        });
    }

    @Test
    void aHeaderThatLiesAboutItsRecordsIsInvalidRecordEvenWithAValidCrc() {
        Tries.check("lying header is INVALID_RECORD", 300, MAX_RECORDS, (seed, size) -> {
            SplittableRandom random = new SplittableRandom(seed);
            ByteBuffer batch = randomBatch(random, size);
            int extra = 1 + random.nextInt(1000);
            if (random.nextBoolean()) {
                batch.putInt(RecordBatch.RECORD_COUNT_OFFSET, RecordBatch.recordCount(batch, 0) + extra);
            }
            batch.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, RecordBatch.lastOffsetDelta(batch, 0) + extra);
            batch.putInt(RecordBatch.CRC_OFFSET, RecordBatch.computeCrc(new CRC32C(), batch, 0, batch.remaining()));

            Refusal refusal = check(batch);

            assertThat(refusal).isNotNull();
            assertThat(refusal.error()).isEqualTo(Errors.INVALID_RECORD);
        });
    }

    /** One batch as a client builds it: a random codec and 1 to {@code 1 + maxRecords} records. */
    private static ByteBuffer randomBatch(SplittableRandom random, int maxRecords) {
        SimpleRecord[] records = new SimpleRecord[1 + random.nextInt(maxRecords + 1)];
        for (int i = 0; i < records.length; i++) {
            byte[] value = random.nextInt(10) == 0 ? null : bytes(random);
            Header[] headers = new Header[random.nextInt(3)];
            for (int h = 0; h < headers.length; h++) {
                headers[h] = new RecordHeader("h" + h, bytes(random));
            }
            long timestamp = NOW_MS - 60_000 + random.nextLong(120_000);
            records[i] = new SimpleRecord(timestamp, random.nextInt(5) == 0 ? null : bytes(random), value, headers);
        }
        Compression codec = CODECS[random.nextInt(CODECS.length)];
        ByteBuffer built = MemoryRecords.withRecords(codec, records).buffer();
        ByteBuffer copy = ByteBuffer.allocate(built.remaining());
        copy.put(built.duplicate()).flip();
        return copy;
    }

    private static byte[] bytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(65)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private static Refusal check(ByteBuffer batch) {
        return ProduceValidation.check(batch, PRODUCE_VERSION, MAX_BYTES, new TimestampWindow(false, 3_600_000, 3_600_000),
            NOW_MS);
    }
}

package dev.crucible.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.broker.config.TimestampWindow;
import dev.crucible.broker.producer.ProduceValidation.Refusal;
import dev.crucible.io.RecordBatch;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

/**
 * Batch validation, for any batch kafka-clients can build: a batch as its producer built it passes;
 * one changed byte anywhere the producer's CRC or the framing covers is refused, never stored; a
 * header that lies about its records, CRC recomputed over the lie, is INVALID_RECORD. Bytes outside
 * the CRC that the broker rewrites anyway (base offset, partition leader epoch) do not matter.
 */
class ProduceValidationProperties {
    private static final long NOW_MS = 1_700_000_000_000L;
    private static final int PRODUCE_VERSION = 9;
    private static final int MAX_BYTES = 1 << 20;

    /** One batch as a client builds it: codec and records. */
    record Spec(Compression compression, List<SimpleRecord> records) {
        ByteBuffer build() {
            ByteBuffer built = MemoryRecords.withRecords(compression, records.toArray(new SimpleRecord[0])).buffer();
            ByteBuffer copy = ByteBuffer.allocate(built.remaining());
            copy.put(built.duplicate()).flip();
            return copy;
        }

        @Override
        public String toString() {
            return compression.type() + " x" + records.size();
        }
    }

    @Provide
    Arbitrary<Spec> batches() {
        Arbitrary<Compression> codecs = Arbitraries.of(Compression.NONE, Compression.gzip().build(),
            Compression.snappy().build(), Compression.lz4().build(), Compression.zstd().build());
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        Arbitrary<SimpleRecord> record = Combinators.combine(
            Arbitraries.longs().between(NOW_MS - 60_000, NOW_MS + 60_000),
            bytes.injectNull(0.2), bytes.injectNull(0.1), Arbitraries.integers().between(0, 2))
            .as((ts, key, value, headers) -> {
                List<RecordHeader> hs = new ArrayList<>();
                for (int i = 0; i < headers; i++) {
                    hs.add(new RecordHeader("h" + i, value));
                }
                return new SimpleRecord(ts, key, value, hs.toArray(new RecordHeader[0]));
            });
        return Combinators.combine(codecs, record.list().ofMinSize(1).ofMaxSize(20)).as(Spec::new);
    }

    @Property(tries = 300)
    void aBatchAsItsProducerBuiltItPasses(@ForAll("batches") Spec spec) {
        assertThat(check(spec.build())).isNull();
    }

    @Property(tries = 500)
    void anyChangedByteTheCrcOrTheFramingCoversIsRefused(@ForAll("batches") Spec spec,
                                                        @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE) int where,
                                                        @ForAll @IntRange(min = 1, max = 255) int xor) {
        ByteBuffer batch = spec.build();
        int size = batch.remaining();
        // the length field, the magic byte, the CRC itself and everything the CRC covers
        int covered = size - 12;
        int offset = where % covered;
        int at = offset < 4 ? RecordBatch.LENGTH_OFFSET + offset : RecordBatch.MAGIC_OFFSET + (offset - 4);
        batch.put(at, (byte) (batch.get(at) ^ xor));

        Refusal refusal = check(batch);

        assertThat(refusal).as("byte %d of %d changed (xor %d)", at, size, xor).isNotNull();
        assertThat(refusal.error()).isIn(Errors.CORRUPT_MESSAGE, Errors.INVALID_RECORD, Errors.MESSAGE_TOO_LARGE);
    }

    @Property(tries = 200)
    void theFieldsTheBrokerRewritesAreOutsideTheCheck(@ForAll("batches") Spec spec, @ForAll long baseOffset,
                                                      @ForAll int leaderEpoch) {
        ByteBuffer batch = spec.build();
        batch.putLong(RecordBatch.BASE_OFFSET_OFFSET, baseOffset);
        batch.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, leaderEpoch);
        assertThat(check(batch)).isNull();
    }

    @Property(tries = 300)
    void aHeaderThatLiesAboutItsRecordsIsInvalidRecordEvenWithAValidCrc(@ForAll("batches") Spec spec,
                                                                        @ForAll @IntRange(min = 1, max = 1000) int extra,
                                                                        @ForAll boolean lieInTheCount) {
        ByteBuffer batch = spec.build();
        if (lieInTheCount) {
            batch.putInt(RecordBatch.RECORD_COUNT_OFFSET, RecordBatch.recordCount(batch, 0) + extra);
        }
        batch.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, RecordBatch.lastOffsetDelta(batch, 0) + extra);
        batch.putInt(RecordBatch.CRC_OFFSET, RecordBatch.computeCrc(new CRC32C(), batch, 0, batch.remaining()));

        Refusal refusal = check(batch);

        assertThat(refusal).isNotNull();
        assertThat(refusal.error()).isEqualTo(Errors.INVALID_RECORD);
    }

    private static Refusal check(ByteBuffer batch) {
        return ProduceValidation.check(batch, PRODUCE_VERSION, MAX_BYTES, new TimestampWindow(false, 3_600_000, 3_600_000),
            NOW_MS);
    }
}

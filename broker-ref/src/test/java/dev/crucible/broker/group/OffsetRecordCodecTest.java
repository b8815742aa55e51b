package dev.crucible.broker.group;

import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OffsetRecordCodecTest {

    private record Entry(OffsetKey key, CommittedOffset value) {
    }

    private static List<Entry> decode(ByteBuffer batches) {
        List<Entry> entries = new ArrayList<>();
        OffsetRecordCodec.forEachRecord(batches, (k, v) -> entries.add(new Entry(k, v)));
        return entries;
    }

    @Test
    void keysValuesAndRemovalsRoundTripThroughV2Batches() {
        OffsetKey key = new OffsetKey("grüppe", "tópic", 17);
        CommittedOffset value = new CommittedOffset(123_456_789_012L, 4, "meta ✓", 1_700_000_000_123L);
        CommittedOffset nullMetadata = new CommittedOffset(5, -1, null, 9);

        ByteBuffer batches = OffsetRecordCodec.batches(List.of(key, key, key), Arrays.asList(value, nullMetadata, null),
            42, 1 << 20);

        for (MutableRecordBatch batch : MemoryRecords.readableRecords(batches.duplicate()).batches()) {
            assertThat(batch.magic()).isEqualTo(RecordBatch.MAGIC_VALUE_V2);
            assertThat(batch.isValid()).isTrue();
        }
        assertThat(decode(batches)).containsExactly(new Entry(key, value), new Entry(key, nullMetadata), new Entry(key, null));
    }

    @Test
    void largeCommitsAreSplitIntoBatchesThatFitTheLogsLimit() {
        List<OffsetKey> keys = new ArrayList<>();
        List<CommittedOffset> values = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            keys.add(new OffsetKey("g", "topic", i));
            values.add(new CommittedOffset(i, 0, "x".repeat(100), 1));
        }
        int maxBatchBytes = 2_000;

        ByteBuffer batches = OffsetRecordCodec.batches(keys, values, 1, maxBatchBytes);

        int count = 0;
        for (MutableRecordBatch batch : MemoryRecords.readableRecords(batches.duplicate()).batches()) {
            assertThat(batch.sizeInBytes()).isLessThanOrEqualTo(maxBatchBytes);
            count++;
        }
        assertThat(count).isGreaterThan(1);
        assertThat(decode(batches)).extracting(e -> e.key().partition()).hasSize(100).isSorted();
    }

    @Test
    void anUnknownValueVersionIsRefusedNotGuessed() {
        ByteBuffer value = ByteBuffer.wrap(OffsetRecordCodec.value(new CommittedOffset(1, 1, "", 1)));
        value.putShort(0, (short) 9);
        assertThatThrownBy(() -> OffsetRecordCodec.decodeValue(value)).hasMessageContaining("version 9");
    }
}

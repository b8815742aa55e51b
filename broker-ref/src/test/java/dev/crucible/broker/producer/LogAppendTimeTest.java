package dev.crucible.broker.producer;

import dev.crucible.io.AppendRequest;
import dev.crucible.io.LogConfig;
import org.agrona.concurrent.CachedEpochClock;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.record.internal.CompressionType;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static dev.crucible.broker.producer.ProducerBatches.concat;
import static dev.crucible.broker.producer.ProducerBatches.idempotent;
import static org.assertj.core.api.Assertions.assertThat;

/** Batches stamped with the broker's append time stay valid to Kafka's reader and carry that time. */
class LogAppendTimeTest {
    private static final long NOW_MS = 1_700_000_123_456L;

    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private TestPartition partition;

    @BeforeEach
    void open() throws Exception {
        clock.update(NOW_MS);
        partition = TestPartition.open(dir, clock, LogConfig.DEFAULT, true);
    }

    @AfterEach
    void close() {
        partition.close();
    }

    @Test
    void stampedBatchesPassKafkasValidationWithTheBrokersTime() throws Exception {
        partition.append(idempotent(7, 0, 0, "a", "b"));
        clock.advance(5);
        partition.append(ProducerBatches.idempotentGzip(7, 0, 2, "c", "d", "e"));
        clock.advance(5);
        partition.append(concat(ProducerBatches.plain("f"), ProducerBatches.plain("g")));

        List<RecordBatch> batches = ProducerBatches.batches(partition.contents());
        assertThat(batches).hasSize(4);
        long[] expectedTimes = {NOW_MS, NOW_MS + 5, NOW_MS + 10, NOW_MS + 10};
        for (int i = 0; i < batches.size(); i++) {
            RecordBatch batch = batches.get(i);
            assertThat(batch.isValid()).isTrue();
            assertThat(batch.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
            assertThat(batch.maxTimestamp()).isEqualTo(expectedTimes[i]);
            for (Record record : batch) {
                assertThat(record.timestamp()).isEqualTo(expectedTimes[i]);
            }
        }
        assertThat(batches.get(1).compressionType()).isEqualTo(CompressionType.GZIP);
        assertThat(partition.records()).containsExactly("0:a", "1:b", "2:c", "3:d", "4:e", "5:f", "6:g");
    }

    @Test
    void stampingKeepsTheProducerFieldsSoRetriesAreStillRecognised() throws Exception {
        AppendRequest original = partition.append(idempotent(7, 0, 0, "a", "b"));
        assertThat(PartitionAdmission.logAppendTimeMs(original.batches(), 0)).isEqualTo(NOW_MS);
        clock.advance(1_000);
        AppendRequest retry = partition.append(idempotent(7, 0, 0, "a", "b"));
        assertThat(retry.baseOffset()).isZero();
        assertThat(retry.lastOffset()).isEqualTo(1);
        assertThat(PartitionAdmission.logAppendTimeMs(retry.batches(), 0)).as("a retry answers the original append time").isEqualTo(NOW_MS);

        RecordBatch stored = ProducerBatches.batches(partition.contents()).get(0);
        assertThat(stored.producerId()).isEqualTo(7);
        assertThat(stored.baseSequence()).isZero();
        assertThat(stored.maxTimestamp()).isEqualTo(NOW_MS);
        assertThat(((DefaultRecordBatch) stored).baseTimestamp()).isEqualTo(ProducerBatches.CREATE_TIME);
    }

    @Test
    void createTimePartitionsAnswerNoAppendTime(@TempDir Path otherDir) throws Exception {
        try (TestPartition createTime = TestPartition.open(otherDir, clock, LogConfig.DEFAULT, false)) {
            AppendRequest done = createTime.append(idempotent(7, 0, 0, "a"));
            assertThat(PartitionAdmission.logAppendTimeMs(done.batches(), 0)).isEqualTo(-1);
            AppendRequest retry = createTime.append(idempotent(7, 0, 0, "a"));
            assertThat(PartitionAdmission.logAppendTimeMs(retry.batches(), 0)).isEqualTo(-1);
            RecordBatch stored = ProducerBatches.batches(createTime.contents()).get(0);
            assertThat(stored.timestampType()).isEqualTo(TimestampType.CREATE_TIME);
            assertThat(stored.maxTimestamp()).isEqualTo(ProducerBatches.CREATE_TIME);
        }
    }
}

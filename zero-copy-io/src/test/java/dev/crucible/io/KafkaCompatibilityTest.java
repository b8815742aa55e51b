package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.FileLogInputStream.FileChannelRecordBatch;
import org.apache.kafka.common.record.internal.FileRecords;
import org.apache.kafka.common.record.internal.Record;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Segments the engine writes are read by kafka-clients' own {@link FileRecords}, batch by batch. */
class KafkaCompatibilityTest {
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final GroupCommitWriter writer = TestLogs.writer(clock);

    @AfterEach
    void stop() {
        writer.close();
    }

    @Test
    void fileRecordsReadsEveryBatchAndRecordWeAppended() throws Exception {
        Random random = new Random(42);
        Compression[] codecs = {Compression.NONE, Compression.gzip().build(), Compression.NONE};
        List<String> expected = new ArrayList<>();
        List<long[]> expectedBatches = new ArrayList<>();
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(16 * 1024).withIndexIntervalBytes(1024);
        try (Log log = Log.open(dir, config, writer)) {
            long next = 0;
            for (int i = 0; i < 300; i++) {
                int n = 1 + random.nextInt(5);
                String[] values = new String[n];
                for (int j = 0; j < n; j++) {
                    values[j] = "r" + i + "-" + j + "-" + Long.toHexString(random.nextLong());
                }
                long timestamp = 1_700_000_000_000L + i;
                ByteBuffer batch = Batches.batch(codecs[i % codecs.length], timestamp, values);
                AppendRequest done = log.appendAsync(batch).get();
                expectedBatches.add(new long[] {done.baseOffset(), done.lastOffset(), timestamp});
                for (String value : values) {
                    expected.add(next++ + "|k-" + value + "|" + value + "|" + timestamp);
                }
            }
            assertThat(log.segmentCount()).isGreaterThan(2);

            List<String> actual = new ArrayList<>();
            List<long[]> actualBatches = new ArrayList<>();
            for (long base : log.segmentBaseOffsets()) {
                Path file = LogFiles.file(dir, base, LogFiles.LOG_SUFFIX);
                try (FileRecords records = FileRecords.open(file.toFile(), false)) {
                    assertThat(records.sizeInBytes()).isEqualTo((int) Files.size(file));
                    int position = 0;
                    for (FileChannelRecordBatch batch : records.batches()) {
                        batch.ensureValid();
                        assertThat(batch.position()).isEqualTo(position);
                        position += batch.sizeInBytes();
                        actualBatches.add(new long[] {batch.baseOffset(), batch.lastOffset(), batch.maxTimestamp()});
                        for (Record record : batch) {
                            actual.add(record.offset() + "|" + text(record.key()) + "|" + text(record.value()) + "|" + record.timestamp());
                        }
                    }
                    assertThat(position).isEqualTo(records.sizeInBytes());
                }
                assertIndexPointsAtBatchStarts(base, file);
            }
            assertThat(actual).containsExactlyElementsOf(expected);
            assertThat(actualBatches).usingRecursiveFieldByFieldElementComparator().containsExactlyElementsOf(expectedBatches);
        }
    }

    /** Every .index entry is (lastOffset - base, position) of a batch that FileRecords finds there. */
    private void assertIndexPointsAtBatchStarts(long base, Path logFile) throws Exception {
        ByteBuffer index = ByteBuffer.wrap(Files.readAllBytes(LogFiles.file(dir, base, LogFiles.INDEX_SUFFIX)));
        try (FileRecords records = FileRecords.open(logFile.toFile(), false)) {
            while (index.remaining() >= 8) {
                long offset = base + index.getInt();
                int position = index.getInt();
                FileChannelRecordBatch batch = records.batchesFrom(position).iterator().next();
                assertThat(batch.lastOffset()).isEqualTo(offset);
            }
        }
    }

    private static String text(ByteBuffer buffer) {
        return buffer == null ? "null" : StandardCharsets.UTF_8.decode(buffer).toString();
    }
}

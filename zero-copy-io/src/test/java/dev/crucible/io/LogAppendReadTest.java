package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LogAppendReadTest {
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private GroupCommitWriter writer;

    @BeforeEach
    void startWriter() {
        clock.update(1_000_000);
        writer = TestLogs.writer(clock);
    }

    @AfterEach
    void stopWriter() {
        writer.close();
    }

    @Test
    void appendsGetContiguousOffsetsAndReadBackInOrder() throws Exception {
        LogConfig config = LogConfig.DEFAULT.withIndexIntervalBytes(256);
        List<String> expected = new ArrayList<>();
        try (Log log = Log.open(dir, config, writer)) {
            long next = 0;
            for (int i = 0; i < 200; i++) {
                String[] values = {"a" + i, "b" + i, "c" + i};
                AppendRequest done = log.appendAsync(Batches.batch(clock.time(), values)).get();
                assertThat(done.baseOffset()).isEqualTo(next);
                assertThat(done.lastOffset()).isEqualTo(next + 2);
                for (String v : values) {
                    expected.add(next++ + ":" + v);
                }
            }
            assertThat(log.logEndOffset()).isEqualTo(600);
            assertThat(TestLogs.readAll(log, 0, 1000)).containsExactlyElementsOf(expected);
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).containsExactlyElementsOf(expected);
            for (long offset = 0; offset < 600; offset += 7) {
                assertThat(TestLogs.readAll(log, offset, 300)).containsExactlyElementsOf(expected.subList((int) offset, 600));
            }
        }
    }

    @Test
    void readReturnsWholeBatchesWithinMaxBytesButAtLeastOne() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT.withIndexIntervalBytes(100), writer)) {
            int batchSize = Batches.batchOfSize(0, 100, (byte) 1).remaining();
            for (int i = 0; i < 50; i++) {
                log.appendAsync(Batches.batchOfSize(clock.time(), 100, (byte) i)).get();
            }
            FetchSlice slice = new FetchSlice();
            log.read(10, batchSize * 3 + batchSize / 2, slice);
            assertThat(slice.length()).isEqualTo(batchSize * 3);
            assertThat(slice.firstOffset()).isEqualTo(10);
            assertThat(slice.nextOffset()).isEqualTo(13);

            log.read(10, 5, slice);
            assertThat(slice.length()).as("a batch larger than maxBytes still comes whole").isEqualTo(batchSize);
            assertThat(slice.nextOffset()).isEqualTo(11);

            log.read(50, 1000, slice);
            assertThat(slice.isEmpty()).isTrue();
            assertThat(slice.nextOffset()).isEqualTo(50);
            assertThatThrownBy(() -> log.read(51, 1000, slice)).isInstanceOf(OffsetOutOfRangeException.class);
            assertThatThrownBy(() -> log.read(-1, 1000, slice)).isInstanceOf(OffsetOutOfRangeException.class);
        }
    }

    @Test
    void rollsOnSegmentBytesAndReadsAcrossSegments() throws Exception {
        List<String> expected = new ArrayList<>();
        try (Log log = Log.open(dir, LogConfig.DEFAULT.withSegmentBytes(4096).withIndexIntervalBytes(512), writer)) {
            for (int i = 0; i < 300; i++) {
                log.appendAsync(Batches.batch(clock.time(), "v" + i)).get();
                expected.add(i + ":v" + i);
            }
            assertThat(log.segmentCount()).isGreaterThan(3);
            long[] bases = log.segmentBaseOffsets();
            for (int i = 0; i < bases.length; i++) {
                Path file = LogFiles.file(dir, bases[i], LogFiles.LOG_SUFFIX);
                assertThat(Files.size(file)).isLessThanOrEqualTo(4096);
                if (i < bases.length - 1) {
                    long indexSize = Files.size(LogFiles.file(dir, bases[i], LogFiles.INDEX_SUFFIX));
                    assertThat(indexSize % 8).isZero();
                    assertThat(indexSize).as("rolled index is trimmed").isLessThan(4096);
                }
            }
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).containsExactlyElementsOf(expected);
        }
        try (Log reopened = Log.open(dir, LogConfig.DEFAULT.withSegmentBytes(4096).withIndexIntervalBytes(512), writer)) {
            assertThat(reopened.logEndOffset()).isEqualTo(300);
            assertThat(TestLogs.readAll(reopened, 0, 700)).containsExactlyElementsOf(expected);
            assertThat(reopened.appendAsync(Batches.batch(clock.time(), "after")).get().baseOffset()).isEqualTo(300);
        }
    }

    @Test
    void rollsOnSegmentMsMeasuredFromTheFirstBatchTimestamp() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT.withSegmentMs(60_000), writer)) {
            log.appendAsync(Batches.batch(clock.time(), "first")).get();
            log.appendAsync(Batches.batch(clock.time() + 59_000, "same segment")).get();
            assertThat(log.segmentCount()).isEqualTo(1);
            log.appendAsync(Batches.batch(clock.time() + 61_000, "new segment")).get();
            assertThat(log.segmentCount()).isEqualTo(2);
            assertThat(log.segmentBaseOffsets()).containsExactly(0, 2);
        }
    }

    @Test
    void findsOffsetsByTimestamp() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT.withSegmentBytes(2048).withIndexIntervalBytes(128), writer)) {
            for (int i = 0; i < 100; i++) {
                log.appendAsync(Batches.batch(10_000L + i * 10L, "t" + i)).get();
            }
            assertThat(log.offsetForTimestamp(0)).isEqualTo(0);
            assertThat(log.offsetForTimestamp(10_000)).isEqualTo(0);
            assertThat(log.offsetForTimestamp(10_005)).isEqualTo(1);
            assertThat(log.offsetForTimestamp(10_500)).isEqualTo(50);
            assertThat(log.offsetForTimestamp(10_990)).isEqualTo(99);
            assertThat(log.offsetForTimestamp(10_991)).isEqualTo(-1);
        }
    }

    @Test
    void multiBatchAppendAndLeaderEpochStamping() throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT, writer)) {
            ByteBuffer two = Batches.concat(Batches.batch(clock.time(), "x", "y"), Batches.batch(clock.time(), "z"));
            AppendRequest done = new AppendRequest();
            java.util.concurrent.CompletableFuture<AppendRequest> f = new java.util.concurrent.CompletableFuture<>();
            log.append(done.batches(two).leaderEpoch(7).callback(f::complete));
            f.get();
            assertThat(done.baseOffset()).isZero();
            assertThat(done.lastOffset()).isEqualTo(2);
            FetchSlice slice = new FetchSlice();
            log.read(0, 1 << 20, slice);
            ByteBuffer bytes = slice.copyTo(ByteBuffer.allocate(slice.length())).flip();
            assertThat(Batches.decode(bytes)).containsExactly("0:x", "1:y", "2:z");
            assertThat(bytes.getInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET)).isEqualTo(7);
        }
    }
}

package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionTest {
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final GroupCommitWriter writer = TestLogs.writer(clock);

    @AfterEach
    void stop() {
        writer.close();
    }

    @Test
    void retentionBytesDeletesWholeOldSegmentsAndAdvancesTheStart() throws Exception {
        clock.update(1_000_000);
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(2048).withRetentionBytes(5000).withFileDeleteDelayMs(0);
        try (Log log = Log.open(dir, config, writer)) {
            for (int i = 0; i < 200; i++) {
                log.appendAsync(Batches.batch(clock.time(), "v" + i)).get();
            }
            int before = log.segmentCount();
            int deleted = writer.enforceRetentionNow();
            assertThat(deleted).isPositive();
            assertThat(log.segmentCount()).isEqualTo(before - deleted);
            assertThat(log.sizeInBytes()).isLessThanOrEqualTo(5000 + 2048);
            long start = log.logStartOffset();
            assertThat(start).isEqualTo(log.segmentBaseOffsets()[0]).isPositive();
            FetchSlice slice = new FetchSlice();
            assertThatThrownBy(() -> log.read(start - 1, 1000, slice)).isInstanceOf(OffsetOutOfRangeException.class);
            assertThat(TestLogs.readAll(log, start, 1000)).first().isEqualTo(start + ":v" + start);
            assertThat(TestLogs.readAll(log, start, 1000)).last().isEqualTo("199:v199");
            clock.update(clock.time() + 1);
            writer.enforceRetentionNow();
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.filter(p -> p.toString().endsWith(".log")).count()).isEqualTo(log.segmentCount());
            }
        }
    }

    @Test
    void retentionMsDeletesSegmentsWhoseNewestRecordIsTooOld() throws Exception {
        clock.update(10_000_000);
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(2048).withRetentionMs(60_000).withFileDeleteDelayMs(0);
        try (Log log = Log.open(dir, config, writer)) {
            for (int i = 0; i < 100; i++) {
                log.appendAsync(Batches.batch(clock.time() - 120_000, "old" + i)).get();
            }
            long firstNew = log.logEndOffset();
            for (int i = 0; i < 10; i++) {
                log.appendAsync(Batches.batch(clock.time(), "new" + i)).get();
            }
            writer.enforceRetentionNow();
            assertThat(log.logStartOffset()).isLessThanOrEqualTo(firstNew);
            assertThat(TestLogs.readAll(log, log.logStartOffset(), 1000))
                .filteredOn(r -> r.contains(":old")).isEmpty();
            assertThat(TestLogs.readAll(log, log.logStartOffset(), 1000)).contains(firstNew + ":new0");

            clock.update(clock.time() + 61_000);
            writer.enforceRetentionNow();
            assertThat(log.logStartOffset()).as("everything expired: even the active segment goes").isEqualTo(110);
            assertThat(log.logEndOffset()).isEqualTo(110);
            assertThat(log.appendAsync(Batches.batch(clock.time(), "fresh")).get().baseOffset()).isEqualTo(110);
        }
    }

    @Test
    void deletedSegmentsStayReadableUntilTheDeleteDelay() throws Exception {
        clock.update(1_000_000);
        LogConfig config = LogConfig.DEFAULT.withSegmentBytes(2048).withRetentionBytes(0).withFileDeleteDelayMs(60_000);
        try (Log log = Log.open(dir, config, writer)) {
            for (int i = 0; i < 100; i++) {
                log.appendAsync(Batches.batch(clock.time(), "v" + i)).get();
            }
            FetchSlice held = new FetchSlice();
            log.read(0, 100, held);
            writer.enforceRetentionNow();
            assertThat(log.logStartOffset()).isPositive();
            java.nio.ByteBuffer bytes = held.copyTo(java.nio.ByteBuffer.allocate(held.length())).flip();
            assertThat(Batches.decode(bytes)).first().isEqualTo("0:v0");
            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.anyMatch(p -> p.toString().endsWith(".log.deleted"))).isTrue();
            }
        }
    }
}

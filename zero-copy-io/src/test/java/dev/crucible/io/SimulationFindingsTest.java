package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What {@link LogSimulationTest} found, each as a plain test of the behaviour it broke. */
class SimulationFindingsTest {
    private static final LogConfig SMALL = LogConfig.DEFAULT.withSegmentBytes(2048).withIndexIntervalBytes(256);

    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final SimDisk disk = new SimDisk();
    private final ArrayDeque<Runnable> flusher = new ArrayDeque<>();

    private GroupCommitWriter stepped() {
        return GroupCommitWriter.stepped(GroupCommitWriter.Settings.DEFAULT.withClock(clock).withFiles(disk)
            .withRetentionCheckIntervalMs(Long.MAX_VALUE / 4), flusher::addLast);
    }

    /** Appends one record per value through a stepped writer, one duty cycle each. */
    private static void append(Log log, GroupCommitWriter writer, int count) {
        for (int i = 0; i < count; i++) {
            log.tryAppend(new AppendRequest().batches(Batches.batch(1_000, "value-" + i)));
            writer.doWork();
        }
    }

    @Test
    void aSegmentThatLostItsTailAtABatchBoundaryEndsTheLogWithoutAGap() throws Exception {
        long[] bases;
        List<String> all;
        try (GroupCommitWriter writer = TestLogs.writer(clock); Log log = Log.open(dir, SMALL, writer)) {
            for (int i = 0; i < 200; i++) {
                log.appendAsync(Batches.batch(clock.time(), "value-" + i)).get();
            }
            bases = log.segmentBaseOffsets();
            all = TestLogs.readAll(log, 0, 1 << 20);
        }
        cutLastBatch(LogFiles.file(dir, bases[1], LogFiles.LOG_SUFFIX)); // lost exactly one whole batch
        try (GroupCommitWriter writer = TestLogs.writer(clock); Log log = Log.open(dir, SMALL, writer, false, bases[1])) {
            assertThat(log.segmentBaseOffsets()).containsExactly(bases[0], bases[1]);
            assertThat(log.logEndOffset()).isEqualTo(bases[2] - 1);
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).isEqualTo(all.subList(0, (int) log.logEndOffset()));
        }
    }

    private static void cutLastBatch(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.allocate((int) channel.size());
            channel.read(bytes, 0);
            int last = 0;
            for (int at = 0; at < bytes.capacity(); at += RecordBatch.totalSize(bytes, at)) {
                last = at;
            }
            channel.truncate(last);
        }
    }

    @Test
    void anUncleanOpenForcesWhatItValidatedBeforeCallingItDurable() throws Exception {
        LogConfig config = SMALL.withFlushPolicy(FlushPolicy.INTERVAL).withFlushIntervalMs(3_600_000);
        GroupCommitWriter writer = stepped();
        Log log = Log.open(dir, config, writer);
        append(log, writer, 5);
        Path active = LogFiles.file(dir, 0, LogFiles.LOG_SUFFIX);
        assertThat(disk.durableLength(active)).as("not forced yet: the interval is an hour").isZero();
        disk.processCrash();
        Log reopened = Log.open(dir, config, stepped()); // no checkpoint: the active segment is validated
        assertThat(reopened.logEndOffset()).isEqualTo(5);
        assertThat(reopened.durableEndOffset()).isEqualTo(5);
        assertThat(disk.durableLength(active)).as("what the open calls durable is forced").isEqualTo(Files.size(active));
        disk.processCrash();
    }

    @Test
    void closeReturnsOnlyOnceTheRolledSegmentsAreForced() throws Exception {
        GroupCommitWriter writer = GroupCommitWriter.start(GroupCommitWriter.Settings.DEFAULT.withClock(clock).withFiles(disk));
        Log log = Log.open(dir, SMALL, writer);
        for (int i = 0; i < 200; i++) {
            log.appendAsync(Batches.batch(clock.time(), "value-" + i)).get();
        }
        assertThat(log.segmentCount()).isGreaterThan(3);
        writer.close();
        for (Path file : logFiles()) {
            assertThat(disk.durableLength(file)).as(file.toString()).isEqualTo(Files.size(file));
        }
    }

    private List<Path> logFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(p -> p.toString().endsWith(LogFiles.LOG_SUFFIX)).toList());
        }
    }

    @Test
    void aBackgroundForceFinishingAfterATruncationLeavesTheRecoveryPointWithinTheLog() throws Exception {
        GroupCommitWriter writer = stepped();
        Log log = Log.open(dir, SMALL, writer, false, 0);
        append(log, writer, 120);
        long[] bases = log.segmentBaseOffsets();
        assertThat(bases.length).isGreaterThan(3);
        assertThat(flusher).as("rolled segments wait for the background flusher").isNotEmpty();
        log.truncateTo(bases[1] + 1);
        while (!flusher.isEmpty()) {
            flusher.pollFirst().run();
        }
        writer.doWork(); // applies what the flusher reported
        assertThat(log.recoveryPoint()).isLessThanOrEqualTo(log.logEndOffset());
        writer.close();
        disk.processCrash();
    }

    @Test
    void aGroupNeedingMoreIndexEntriesThanTheIndexHoldsIsWrittenAndTheSegmentRolls() throws Exception {
        LogConfig config = LogConfig.DEFAULT.withIndexIntervalBytes(0).withMaxIndexBytes(48); // 6 offset entries
        ByteBuffer[] batches = new ByteBuffer[20];
        for (int i = 0; i < batches.length; i++) {
            batches[i] = Batches.batch(1_000, "value-" + i);
        }
        try (GroupCommitWriter writer = TestLogs.writer(clock); Log log = Log.open(dir, config, writer)) {
            assertThat(log.appendAsync(Batches.concat(batches)).get().lastOffset()).isEqualTo(19);
            assertThat(log.failed()).isFalse();
            assertThat(log.appendAsync(Batches.batch(1_000, "next")).get().baseOffset()).isEqualTo(20);
            assertThat(log.segmentCount()).as("the full index rolled the segment").isEqualTo(2);
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).hasSize(21).startsWith("0:value-0").endsWith("20:next");
        }
    }
}

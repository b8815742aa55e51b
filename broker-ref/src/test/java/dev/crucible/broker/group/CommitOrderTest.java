package dev.crucible.broker.group;

import dev.crucible.io.AppendRequest;
import dev.crucible.io.GroupCommitWriter;
import dev.crucible.io.Log;
import dev.crucible.io.LogConfig;
import org.agrona.concurrent.SystemEpochClock;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commits validated one after another must reach the offsets log, and the coordinator's memory, in
 * that order, also when the log writer's queue is full. Before commits were queued in validation
 * order, the ones that met a full writer queue were retried on a timer while a later commit went
 * straight in, so the committed offset went backwards.
 */
class CommitOrderTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    private GroupCommitWriter writer;

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.close();
        }
        timers.shutdownNow();
    }

    @Test
    void commitsLandInValidationOrderThroughAFullWriterQueue() throws Exception {
        writer = GroupCommitWriter.start(new GroupCommitWriter.Settings("order-test", 2, 1024, Long.MAX_VALUE / 4,
            SystemEpochClock.INSTANCE));
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Log blocker = Log.open(dir.resolve("blocker"), LogConfig.DEFAULT, writer);
        AppendRequest stall = new AppendRequest().batches(oneRecord()).admission((request, next) -> {
            stalled.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        GroupCoordinator coordinator = GroupCoordinator.open(GroupConfig.DEFAULT, dir.resolve("offsets"), writer,
            SystemEpochClock.INSTANCE, timers);
        List<CompletableFuture<OffsetCommitResponseData>> answers = new ArrayList<>();
        try {
            blocker.append(stall);
            assertThat(stalled.await(10, TimeUnit.SECONDS)).as("the writer is held").isTrue();
            for (long offset = 1; offset <= 40; offset++) { // validated in this order; the queue holds 2
                answers.add(coordinator.commitOffsets((short) 8, Requests.standaloneCommit("t", 0, offset)));
            }
            release.countDown();
            for (long offset = 41; offset <= 60; offset++) { // racing the retries of the ones before
                answers.add(coordinator.commitOffsets((short) 8, Requests.standaloneCommit("t", 0, offset)));
            }
            for (CompletableFuture<OffsetCommitResponseData> answer : answers) {
                OffsetCommitResponseData r = answer.get(30, TimeUnit.SECONDS);
                assertThat(r.topics().get(0).partitions().get(0).errorCode()).isZero();
            }
            assertThat(committed(coordinator)).as("in memory").isEqualTo(60);
        } finally {
            coordinator.close();
            blocker.close();
        }
        GroupCoordinator reopened = GroupCoordinator.open(GroupConfig.DEFAULT, dir.resolve("offsets"), writer,
            SystemEpochClock.INSTANCE, timers);
        try {
            assertThat(committed(reopened)).as("replayed from the log").isEqualTo(60);
        } finally {
            reopened.close();
        }
    }

    private static long committed(GroupCoordinator coordinator) throws Exception {
        return coordinator.fetchOffsets((short) 7, Requests.fetch("t", 0)).get(10, TimeUnit.SECONDS)
            .topics().get(0).partitions().get(0).committedOffset();
    }

    private static java.nio.ByteBuffer oneRecord() {
        return MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(1L, null, new byte[] {1})).buffer();
    }
}

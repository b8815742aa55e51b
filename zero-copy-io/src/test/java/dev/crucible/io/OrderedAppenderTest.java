package dev.crucible.io;

import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
 * A full writer queue never blocks the submitting thread (a network event loop), appends keep their
 * submission order through it, and one that waits past the give-up time fails with nothing written.
 * Before, {@code Log.append} spun on the caller's thread until the queue had room.
 */
class OrderedAppenderTest {
    @TempDir
    Path dir;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    /** A writer whose queue holds 2 appends, so a held writer fills it at once. */
    private final GroupCommitWriter writer = GroupCommitWriter.start(
        new GroupCommitWriter.Settings("w", 2, 64, Long.MAX_VALUE / 4, SystemEpochClock.INSTANCE));

    @AfterEach
    void stop() {
        writer.close();
        timers.shutdownNow();
    }

    /** Holds the writer thread inside an admission of another log until the latch opens. */
    private CountDownLatch holdWriter(Log other) throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        other.append(new AppendRequest().batches(Batches.batch(1, "stall")).admission((r, next) -> {
            entered.countDown();
            try {
                return release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
        return release;
    }

    @Test
    @Timeout(60) // a blocking submit would hang here, the writer being held
    void submitsNeverBlockAndKeepTheirOrderThroughAFullQueue() throws Exception {
        try (Log log = Log.open(dir.resolve("log"), LogConfig.DEFAULT, writer);
             Log other = Log.open(dir.resolve("other"), LogConfig.DEFAULT, writer)) {
            OrderedAppender appender = new OrderedAppender(log, timers, 30_000);
            CountDownLatch release = holdWriter(other);
            List<CompletableFuture<Long>> offsets = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                CompletableFuture<Long> offset = new CompletableFuture<>();
                offsets.add(offset);
                appender.submit(new AppendRequest().batches(Batches.batch(1, "v" + i))
                    .callback(r -> offset.complete(r.succeeded() ? r.baseOffset() : -1)));
            }
            assertThat(appender.waiting()).as("the queue holds 2; the rest wait in order").isGreaterThanOrEqualTo(40);
            assertThat(offsets.get(0)).as("nothing completes while the writer is held").isNotDone();
            release.countDown();
            for (int i = 0; i < 50; i++) {
                assertThat(offsets.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i);
            }
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).first().isEqualTo("0:v0");
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).last().isEqualTo("49:v49");
        }
    }

    @Test
    void anAppendWaitingPastTheGiveUpTimeFailsWithNothingWritten() throws Exception {
        try (Log log = Log.open(dir.resolve("log"), LogConfig.DEFAULT, writer);
             Log other = Log.open(dir.resolve("other"), LogConfig.DEFAULT, writer)) {
            OrderedAppender appender = new OrderedAppender(log, timers, 200);
            CountDownLatch release = holdWriter(other);
            List<CompletableFuture<Throwable>> outcomes = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                outcomes.add(outcome);
                appender.submit(new AppendRequest().batches(Batches.batch(1, "v" + i)).callback(r -> outcome.complete(r.error())));
            }
            for (int i = 2; i < 5; i++) { // the 2 in the writer's queue wait for it; the others give up
                assertThat(outcomes.get(i).get(10, TimeUnit.SECONDS)).isInstanceOf(AppendTimeoutException.class);
            }
            release.countDown();
            assertThat(outcomes.get(0).get(10, TimeUnit.SECONDS)).isNull();
            assertThat(outcomes.get(1).get(10, TimeUnit.SECONDS)).isNull();
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).containsExactly("0:v0", "1:v1");
        }
    }
}

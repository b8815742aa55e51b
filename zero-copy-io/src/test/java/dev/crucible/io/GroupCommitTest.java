package dev.crucible.io;

import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class GroupCommitTest {
    private static final int THREADS = 8;
    private static final int APPENDS_PER_THREAD = 400;

    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final GroupCommitWriter writer = TestLogs.writer(clock);

    @AfterEach
    void stop() {
        writer.close();
    }

    /** What one callback saw: the request's offsets and, at that moment, how far the log was forced. */
    private record Ack(String value, long offset, long durableEnd, Throwable error) {
    }

    @ParameterizedTest
    @EnumSource(FlushPolicy.class)
    void concurrentAppendsAreCoalescedAndEachGetsItsOwnOffsets(FlushPolicy policy) throws Exception {
        try (Log log = Log.open(dir, LogConfig.DEFAULT.withFlushPolicy(policy), writer)) {
            ConcurrentLinkedQueue<Ack> acks = appendFromManyThreads(log);

            List<Ack> all = new ArrayList<>(acks);
            assertThat(all).hasSize(THREADS * APPENDS_PER_THREAD).allSatisfy(a -> assertThat(a.error()).isNull());
            List<Long> offsets = new ArrayList<>();
            all.forEach(a -> offsets.add(a.offset()));
            Collections.sort(offsets);
            for (int i = 0; i < offsets.size(); i++) {
                assertThat(offsets.get(i)).isEqualTo(i);
            }
            // The record at each acknowledged offset is the one that was acknowledged for it.
            List<String> stored = TestLogs.readAll(log, 0, 1 << 20);
            for (Ack ack : all) {
                assertThat(stored.get((int) ack.offset())).isEqualTo(ack.offset() + ":" + ack.value());
            }
            // How many appends share a write depends on the race; coalescing itself is tested stepped, below.
            assertThat(log.writeCount()).isPositive().isLessThanOrEqualTo(THREADS * APPENDS_PER_THREAD);
            if (policy == FlushPolicy.ALWAYS) {
                assertThat(log.forceCount()).as("one force per group").isEqualTo(log.writeCount());
                assertThat(all).as("acknowledged only once forced")
                    .allSatisfy(a -> assertThat(a.offset()).isLessThan(a.durableEnd()));
            }
            if (policy == FlushPolicy.NEVER) {
                assertThat(log.forceCount()).isZero();
            }
        }
    }

    /**
     * Several logs under ALWAYS on one writer: each log's force of a group runs beside the others (a force that waits
     * for another to start meets one), each log is still forced once per group, and every append is acknowledged only
     * once its own log has been forced past it.
     */
    @Test
    void theLogsOfAGroupAreForcedSideBySideAndEachAcknowledgesOnlyWhatItForced() throws Exception {
        SimDisk disk = new SimDisk();
        java.util.concurrent.atomic.AtomicInteger inside = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        disk.onForce(() -> {
            int now = inside.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20); // a slow device: wait for company
            while (inside.get() < 2 && System.nanoTime() - until < 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000);
            }
            inside.decrementAndGet();
        });
        GroupCommitWriter own = GroupCommitWriter.start(GroupCommitWriter.Settings.DEFAULT.withClock(clock)
            .withRetentionCheckIntervalMs(Long.MAX_VALUE / 4).withFiles(disk));
        List<Log> logs = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                logs.add(Log.open(dir.resolve("log-" + i), LogConfig.DEFAULT.withFlushPolicy(FlushPolicy.ALWAYS), own));
            }
            List<ConcurrentLinkedQueue<Ack>> acks = new ArrayList<>();
            CountDownLatch allAcked = new CountDownLatch(4 * 300);
            for (int i = 0; i < 4; i++) {
                acks.add(new ConcurrentLinkedQueue<>());
            }
            for (int n = 0; n < 300; n++) {
                for (int i = 0; i < 4; i++) {
                    Log log = logs.get(i);
                    ConcurrentLinkedQueue<Ack> mine = acks.get(i);
                    String value = "l" + i + "-" + n;
                    log.append(new AppendRequest().batches(Batches.batch(1_000, value)).callback(r -> {
                        mine.add(new Ack(value, r.baseOffset(), log.durableEndOffset(), r.error()));
                        allAcked.countDown();
                    }));
                }
            }
            assertThat(allAcked.await(60, TimeUnit.SECONDS)).isTrue();
            assertThat(most.get()).as("forces of one group's logs at the same time").isGreaterThanOrEqualTo(2);
            for (int i = 0; i < 4; i++) {
                Log log = logs.get(i);
                assertThat(acks.get(i)).hasSize(300).allSatisfy(a -> {
                    assertThat(a.error()).isNull();
                    assertThat(a.offset()).as("acknowledged only once its log was forced").isLessThan(a.durableEnd());
                });
                assertThat(log.forceCount()).as("one force per group").isEqualTo(log.writeCount());
                List<String> stored = TestLogs.readAll(log, 0, 1 << 20);
                assertThat(stored).hasSize(300);
                for (Ack a : acks.get(i)) {
                    assertThat(stored.get((int) a.offset())).isEqualTo(a.offset() + ":" + a.value());
                }
            }
        } finally {
            for (Log log : logs) {
                log.close();
            }
            own.close();
        }
    }

    /** A writer without a thread, stepped here, on {@link #clock}: what it does depends on nothing else. */
    private GroupCommitWriter stepped() {
        return GroupCommitWriter.stepped(GroupCommitWriter.Settings.DEFAULT.withClock(clock)
            .withRetentionCheckIntervalMs(Long.MAX_VALUE / 4), Runnable::run);
    }

    @Test
    void intervalPolicyForcesOnTheWritersClock() throws Exception {
        LogConfig config = LogConfig.DEFAULT.withFlushPolicy(FlushPolicy.INTERVAL).withFlushIntervalMs(1000);
        clock.update(10_000);
        GroupCommitWriter stepped = stepped();
        try (Log log = Log.open(dir, config, stepped)) {
            CompletableFuture<AppendRequest> appended = log.appendAsync(Batches.batch(clock.time(), "a"));
            stepped.doWork();
            assertThat(appended).as("acknowledged once written").isCompleted();
            clock.update(10_999);
            stepped.doWork();
            assertThat(log.forceCount()).as("interval not yet elapsed").isZero();
            assertThat(log.durableEndOffset()).isZero();
            clock.update(11_000);
            stepped.doWork();
            assertThat(log.forceCount()).isEqualTo(1);
            assertThat(log.durableEndOffset()).isEqualTo(1);
            stepped.doWork();
            assertThat(log.forceCount()).as("nothing new to force").isEqualTo(1);
        } finally {
            stepped.close();
        }
    }

    @ParameterizedTest
    @EnumSource(FlushPolicy.class)
    void appendsQueuedBeforeADutyCycleShareOneWriteAndAtMostOneForce(FlushPolicy policy) throws Exception {
        GroupCommitWriter stepped = stepped();
        try (Log log = Log.open(dir, LogConfig.DEFAULT.withFlushPolicy(policy), stepped)) {
            List<CompletableFuture<AppendRequest>> appended = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                appended.add(log.appendAsync(Batches.batch(1_000, "v" + i)));
            }
            assertThat(appended).as("nothing is written before the writer runs").noneMatch(CompletableFuture::isDone);
            stepped.doWork();
            for (int i = 0; i < 50; i++) {
                assertThat(appended.get(i).get().baseOffset()).isEqualTo(i);
            }
            assertThat(log.writeCount()).as("one gathering write for the group").isEqualTo(1);
            assertThat(log.forceCount()).isEqualTo(policy == FlushPolicy.ALWAYS ? 1 : 0);
        } finally {
            stepped.close();
        }
    }

    @Test
    void appendsAfterTheWriterClosedFailCleanly() throws Exception {
        Log log = Log.open(dir, LogConfig.DEFAULT, writer);
        writer.close();
        AppendRequest request = new AppendRequest();
        CountDownLatch done = new CountDownLatch(1);
        log.append(request.batches(Batches.batch(1, "late")).callback(r -> done.countDown()));
        assertThat(done.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(request.succeeded()).isFalse();
        assertThat(request.error()).hasMessageContaining("closed");
    }

    private ConcurrentLinkedQueue<Ack> appendFromManyThreads(Log log) throws InterruptedException {
        ConcurrentLinkedQueue<Ack> acks = new ConcurrentLinkedQueue<>();
        CountDownLatch allAcked = new CountDownLatch(THREADS * APPENDS_PER_THREAD);
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            threads.add(new Thread(() -> {
                awaitQuietly(start);
                for (int i = 0; i < APPENDS_PER_THREAD; i++) {
                    String value = "t" + thread + "-" + i;
                    ByteBuffer batch = Batches.batch(1_000, value);
                    log.append(new AppendRequest().batches(batch).callback(r -> {
                        acks.add(new Ack(value, r.baseOffset(), log.durableEndOffset(), r.error()));
                        allAcked.countDown();
                    }));
                }
            }));
        }
        threads.forEach(Thread::start);
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertThat(allAcked.await(60, TimeUnit.SECONDS)).isTrue();
        return acks;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.crucible.broker.api;

import dev.crucible.broker.TestBroker;
import dev.crucible.broker.log.Partition;
import dev.crucible.broker.common.BrokerLog;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A long poll waiting for more bytes than small appends bring is woken by each append, but reads the
 * log again only when the bytes appended since its last read could reach its {@code min.bytes}.
 * Before, every append made every waiting fetch read all its partitions from disk.
 */
class LongPollWakeTest {
    @TempDir
    Path dir;

    @Test
    void smallAppendsDoNotMakeAWaitingFetchReadUntilTheyCouldSatisfyIt() throws Exception {
        BrokerLog.quiet(true);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "the-connections-loop"));
        try (TestBroker broker = new TestBroker(dir)) {
            Partition p = broker.broker().topics().create("t", 1, Map.of()).partition(0);
            FetchOperation fetch = new FetchOperation(List.of(new FetchOperation.Target("t", Uuid.ZERO_UUID, 0, p, 0,
                1 << 20, Errors.NONE)), 1 << 20, 20_000, false, timers);
            CompletableFuture<FetchResponse> answer = fetch.start(30_000);
            CompletableFuture<String> answeredOn = answer.thenApply(r -> Thread.currentThread().getName());
            int readsAtStart = quiet(timers, fetch);
            for (int i = 0; i < 100; i++) { // about 100 x 100 bytes: half of min.bytes
                append(p, 100);
            }
            assertThat(quiet(timers, fetch) - readsAtStart).as("reads caused by 100 small appends").isLessThanOrEqualTo(1);
            assertThat(answer).isNotDone();
            for (int i = 0; i < 12; i++) {
                append(p, 1000);
            }
            FetchResponse.Partition data = answer.get(10, TimeUnit.SECONDS).topic(0).partition(0);
            assertThat(data.records().sizeInBytes()).isGreaterThanOrEqualTo(20_000);
            data.records().release();
            assertThat(answeredOn.get(10, TimeUnit.SECONDS)).as("the re-read that answers runs on the fetch's executor, not the writer")
                .isEqualTo("the-connections-loop");
        } finally {
            timers.shutdownNow();
            BrokerLog.quiet(false);
        }
    }

    /**
     * Under replication the high watermark moves after the append, when followers have the batch: a
     * consumer's long poll must answer when it moves, not when the (not yet readable) bytes arrive.
     */
    @Test
    void aReplicatedPartitionsWaitingConsumerAnswersWhenTheHighWatermarkMoves() throws Exception {
        BrokerLog.quiet(true);
        ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
        try (TestBroker broker = new TestBroker(dir)) {
            Partition p = broker.broker().topics().create("r", 1, Map.of()).partition(0);
            p.replicated(true);
            FetchOperation fetch = new FetchOperation(List.of(new FetchOperation.Target("r", Uuid.ZERO_UUID, 0, p, 0,
                1 << 20, Errors.NONE)), 1 << 20, 1, false, timers);
            CompletableFuture<FetchResponse> answer = fetch.start(30_000);
            append(p, 100);
            append(p, 100);
            quiet(timers, fetch);
            assertThat(answer).as("nothing below the high watermark yet").isNotDone();
            p.highWatermark(1);
            FetchResponse.Partition data = answer.get(10, TimeUnit.SECONDS).topic(0).partition(0);
            assertThat(data.highWatermark()).isEqualTo(1);
            assertThat(data.records().sizeInBytes()).as("one batch: the one below the high watermark").isBetween(100, 200);
            data.records().release();
        } finally {
            timers.shutdownNow();
            BrokerLog.quiet(false);
        }
    }

    private static void append(Partition p, int valueBytes) throws Exception {
        CompletableFuture<Boolean> done = new CompletableFuture<>();
        p.append(MemoryRecords.withRecords(Compression.NONE, new SimpleRecord(System.currentTimeMillis(), null,
            new byte[valueBytes])).buffer(), r -> done.complete(r.succeeded()));
        assertThat(done.get(10, TimeUnit.SECONDS)).isTrue();
    }

    /** The fetch's read count once the timer thread has run everything the appends scheduled. */
    private static int quiet(ScheduledExecutorService timers, FetchOperation fetch) throws Exception {
        timers.submit(() -> { }).get(10, TimeUnit.SECONDS);
        timers.submit(() -> { }).get(10, TimeUnit.SECONDS);
        return fetch.reads();
    }
}

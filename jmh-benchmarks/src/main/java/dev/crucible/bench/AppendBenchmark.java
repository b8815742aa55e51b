package dev.crucible.bench;

import dev.crucible.io.AppendRequest;
import dev.crucible.io.DirectBufferPool;
import dev.crucible.io.FlushPolicy;
import dev.crucible.io.LogConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Sustained append throughput of one partition {@code Log} through its {@code GroupCommitWriter}, per
 * batch size and flush policy. The score is acknowledged appends per second; <b>bytes per second =
 * ops/s &times; {@code batchBytes}</b> (one batch of exactly that size per append).
 *
 * <p>Each operation does what a broker's produce path does with a request: takes a direct buffer from a
 * {@link DirectBufferPool}, copies a prebuilt, valid v2 batch (one record, seeded random value) into
 * it, and submits it with a pooled {@link AppendRequest}. The completion callback returns both. Each
 * producer thread keeps at most {@code maxInFlight} appends outstanding and waits for a completion when
 * the window is full, so the score is the writer's sustained rate (group commit included), not one
 * request's latency. The window is filled before each iteration's clock starts and drained after it
 * stops, so every counted operation was paid for by one completion.
 *
 * <p>The log: 256 MiB segments, {@code retention.bytes} 1 GiB checked every second (the disk never
 * fills), in a scratch directory under {@code crucible.bench.dir} (default {@code target}). Steady
 * state allocates nothing per operation; check with {@code -prof gc} ({@code gc.alloc.rate.norm}).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class AppendBenchmark {
    static final long SEED = 0x5EED_A99E_4DL;
    static final int SEGMENT_BYTES = 256 << 20;
    static final long RETENTION_BYTES = 1L << 30;
    static final long RETENTION_CHECK_INTERVAL_MS = 1_000;
    static final long FILE_DELETE_DELAY_MS = 1_000;
    static final long DRAIN_TIMEOUT_MS = 60_000;

    /** Total size of each appended batch, header included. */
    @Param({"1024", "16384", "262144", "1048576"})
    public int batchBytes;

    /** When the log forces to disk, and so when an append is acknowledged. */
    @Param({"NEVER", "INTERVAL", "ALWAYS"})
    public FlushPolicy flushPolicy;

    /** Appends each producer thread keeps outstanding. */
    @Param({"64"})
    public int maxInFlight;

    private ScratchLog scratch;
    private DirectBufferPool pool;
    private ByteBuffer batch;

    /** Builds and checks the batch, opens the log and sizes the pool for every thread's window. */
    @Setup(Level.Trial)
    public void open(BenchmarkParams params) throws IOException {
        batch = KafkaOracle.checkedBatch(batchBytes, SEED);
        LogConfig config = LogConfig.DEFAULT
            .withSegmentBytes(SEGMENT_BYTES)
            .withRetentionBytes(RETENTION_BYTES)
            .withRetentionMs(-1)
            .withFlushPolicy(flushPolicy)
            .withFileDeleteDelayMs(FILE_DELETE_DELAY_MS)
            .withMaxBatchBytes(Math.max(batchBytes, LogConfig.DEFAULT.maxBatchBytes()));
        scratch = ScratchLog.open("append-", config, RETENTION_CHECK_INTERVAL_MS);
        // room for every buffer that can be in flight at once, so no release is ever dropped
        pool = new DirectBufferPool(batchBytes, maxInFlight * params.getThreads());
    }

    /** Closes the log and its writer and deletes the directory. */
    @TearDown(Level.Trial)
    public void close() {
        scratch.close();
    }

    /** One producer thread's window of in-flight appends. */
    @State(Scope.Thread)
    public static class Producer {
        AppendWindow window;

        /** Allocates this thread's requests. */
        @Setup(Level.Trial)
        public void open(AppendBenchmark bench) {
            window = new AppendWindow(bench.maxInFlight, bench.pool);
        }

        /** Starts each iteration in steady state: the whole window in flight. */
        @Setup(Level.Iteration)
        public void fillWindow(AppendBenchmark bench) {
            for (int i = 0; i < window.capacity(); i++) {
                bench.submit(window);
            }
        }

        /** Waits (bounded) for every append in flight, so no iteration leaves work behind. */
        @TearDown(Level.Iteration)
        public void drainWindow() {
            window.awaitAllCompleted(DRAIN_TIMEOUT_MS);
        }
    }

    /** One append: waits for room in the window, then copies and submits one batch. */
    @Benchmark
    public int append(Producer producer) {
        return submit(producer.window);
    }

    /** Copies the batch into a pooled buffer and submits it; returns the buffer's capacity. */
    int submit(AppendWindow window) {
        AppendRequest request = window.take();
        ByteBuffer buffer = pool.acquire(batchBytes);
        buffer.put(0, batch, 0, batchBytes);
        request.batches(buffer).callback(window);
        scratch.log.append(request);
        return buffer.capacity();
    }
}

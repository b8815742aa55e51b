package dev.crucible.bench;

import dev.crucible.io.FetchSlice;
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

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Cost of finding an offset: {@code Log.read(offset, 1, slice)} at seeded random offsets, which is the
 * segment search, the sparse offset index's binary search over its memory-mapped entries, and the
 * header scan (one positional read per batch) from the indexed position to the batch holding the
 * offset. The data is never read, only located. Average time per lookup.
 *
 * <p>The log holds {@code batches} batches of 512 bytes, one record each, in one segment, indexed every
 * {@code indexIntervalBytes} (Kafka's {@code index.interval.bytes}): about {@code indexIntervalBytes / 512}
 * header reads per lookup on average, plus the one that ends the slice. Written at trial setup, so it
 * is in the page cache.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(2)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class IndexLookupBenchmark {
    static final long SEED = 0x5EED_1DE8L;
    static final int BATCH_BYTES = 512;
    /** Distinct lookup targets, cycled through; a power of two. */
    static final int TARGETS = 1 << 14;

    /** Batches (and offsets: one record each) in the log; 131072 is 64 MiB. */
    @Param({"16384", "131072"})
    public int batches;

    /** Log bytes between two offset index entries (Kafka's {@code index.interval.bytes}). */
    @Param({"4096"})
    public int indexIntervalBytes;

    private ScratchLog scratch;
    private long[] targets;

    /** Writes the log, draws the seeded targets and checks that each one is found. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        ByteBuffer batch = KafkaOracle.checkedBatch(BATCH_BYTES, SEED);
        LogConfig config = LogConfig.DEFAULT
            .withIndexIntervalBytes(indexIntervalBytes)
            .withRetentionMs(-1)
            .withFlushPolicy(FlushPolicy.NEVER);
        scratch = ScratchLog.open("index-", config, ScratchLog.RARE_RETENTION_CHECK_MS);
        scratch.fill(batch, batches);
        targets = seededTargets(scratch.log.logStartOffset(), scratch.log.logEndOffset());
        requireEveryTargetFound();
    }

    private static long[] seededTargets(long start, long end) {
        SplittableRandom random = new SplittableRandom(SEED);
        long[] offsets = new long[TARGETS];
        for (int i = 0; i < TARGETS; i++) {
            offsets[i] = random.nextLong(start, end);
        }
        return offsets;
    }

    /** With one record per batch, the slice for offset o must start with the batch based at o. */
    private void requireEveryTargetFound() throws IOException {
        FetchSlice slice = new FetchSlice();
        for (long target : targets) {
            scratch.log.read(target, 1, slice);
            if (slice.firstOffset() != target || slice.length() != BATCH_BYTES) {
                throw new IllegalStateException("read(" + target + ") found batch " + slice.firstOffset()
                    + " of " + slice.length() + " bytes");
            }
        }
    }

    /** Closes the log and its writer and deletes the directory. */
    @TearDown(Level.Trial)
    public void close() {
        scratch.close();
    }

    /** One reader's slice and place in the target sequence. */
    @State(Scope.Thread)
    public static class Cursor {
        final FetchSlice slice = new FetchSlice();
        int next;
    }

    /** Locates the next target's batch; returns its file position. */
    @Benchmark
    public long lookup(Cursor cursor) throws IOException {
        long target = targets[cursor.next++ & (TARGETS - 1)];
        scratch.log.read(target, 1, cursor.slice);
        return cursor.slice.position();
    }
}

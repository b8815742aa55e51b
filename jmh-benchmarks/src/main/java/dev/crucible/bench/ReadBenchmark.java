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
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * A fetch served two ways: zero-copy ({@code FetchSlice.transferTo}, i.e. {@code sendfile}) versus
 * reading the bytes into a heap buffer and writing that to the socket, as a broker without zero-copy
 * would. The score is fetches per second; <b>bytes per second &asymp; ops/s &times; {@code fetchBytes}</b>
 * (a fetch returns whole 16 KiB batches up to {@code fetchBytes}; it is shorter only at a segment's end).
 *
 * <p>Each operation reads the next slice of the log ({@code Log.read} into a reusable {@link FetchSlice},
 * walking the log from start to end and wrapping around) and sends it over a loopback TCP connection
 * whose far end a drain thread discards. The log, 256 MiB of 16 KiB batches in 64 MiB segments, is
 * written at trial setup and so sits in the page cache: this measures the CPU and memory cost of the
 * two paths, not the disk. In {@code HEAP_COPY} the JDK itself adds a temporary direct buffer on
 * each side of the heap array (file to direct to heap, heap to direct to socket), which is the real
 * cost of that path in Java.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class ReadBenchmark {
    /** How a fetched slice reaches the socket. */
    public enum CopyMode {
        /** {@code FileChannel.transferTo} to the socket: {@code sendfile}, no copy through user space. */
        ZERO_COPY,
        /** {@code FileChannel.read} into a heap buffer, then {@code SocketChannel.write} of it. */
        HEAP_COPY
    }

    static final long SEED = 0x5EED_0EAD_1L;
    static final int BATCH_BYTES = 16 << 10;
    static final long LOG_BYTES = 256L << 20;
    static final int SEGMENT_BYTES = 64 << 20;

    /** Most bytes one fetch returns. */
    @Param({"65536", "1048576"})
    public int fetchBytes;

    /** How the slice is sent. */
    @Param({"ZERO_COPY", "HEAP_COPY"})
    public CopyMode mode;

    private ScratchLog scratch;
    private long startOffset;
    private long endOffset;

    /** Builds and checks the batch and writes the 256 MiB log. */
    @Setup(Level.Trial)
    public void open() throws IOException {
        ByteBuffer batch = KafkaOracle.checkedBatch(BATCH_BYTES, SEED);
        LogConfig config = LogConfig.DEFAULT
            .withSegmentBytes(SEGMENT_BYTES)
            .withRetentionMs(-1)
            .withFlushPolicy(FlushPolicy.NEVER);
        scratch = ScratchLog.open("read-", config, ScratchLog.RARE_RETENTION_CHECK_MS);
        scratch.fill(batch, LOG_BYTES / BATCH_BYTES);
        startOffset = scratch.log.logStartOffset();
        endOffset = scratch.log.logEndOffset();
    }

    /** Closes the log and its writer and deletes the directory. */
    @TearDown(Level.Trial)
    public void close() {
        scratch.close();
    }

    /** One consumer: its slice, its connection, its heap buffer and where it is in the log. */
    @State(Scope.Thread)
    public static class Consumer {
        final FetchSlice slice = new FetchSlice();
        LoopbackSink sink;
        SocketChannel socket;
        ByteBuffer heap;
        long nextOffset;
        long sentBytes;

        /** Connects this consumer's loopback sink and starts it at the log start. */
        @Setup(Level.Trial)
        public void open(ReadBenchmark bench) throws IOException {
            sink = LoopbackSink.open("read-benchmark-drain");
            socket = sink.channel();
            heap = ByteBuffer.allocate(Math.max(bench.fetchBytes, BATCH_BYTES));
            nextOffset = bench.startOffset;
        }

        /** Ends the connection, checking that the drain thread received every byte sent. */
        @TearDown(Level.Trial)
        public void close() throws IOException, InterruptedException {
            sink.close(sentBytes);
        }
    }

    /** Reads the next slice and sends it the chosen way; returns the bytes sent. */
    @Benchmark
    public long fetch(Consumer consumer) throws IOException {
        long offset = consumer.nextOffset;
        if (offset >= endOffset) {
            offset = startOffset;
        }
        FetchSlice slice = consumer.slice;
        scratch.log.read(offset, fetchBytes, slice);
        consumer.nextOffset = slice.nextOffset();
        long sent = mode == CopyMode.ZERO_COPY ? slice.transferTo(consumer.socket) : heapCopy(slice, consumer);
        consumer.sentBytes += sent;
        return sent;
    }

    /** Reads the slice into the consumer's heap buffer, then writes the buffer to the socket. */
    private static long heapCopy(FetchSlice slice, Consumer consumer) throws IOException {
        ByteBuffer heap = consumer.heap;
        FileChannel file = slice.channel();
        long position = slice.position();
        heap.clear().limit(slice.length());
        while (heap.hasRemaining()) {
            if (file.read(heap, position + heap.position()) < 0) {
                throw new IOException("segment ended inside a fetched slice");
            }
        }
        heap.flip();
        long written = 0;
        while (heap.hasRemaining()) {
            written += consumer.socket.write(heap);
        }
        return written;
    }
}

package dev.crucible.bench;

import dev.crucible.broker.log.Partition;
import dev.crucible.broker.protocol.ResponseWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * broker-ref's fetch path for one request, socket excluded: parse the Fetch request, read the
 * partition below its high watermark, build the response and encode it — header bytes into a pooled
 * direct buffer, the records as a file region (what sendfile then sends). The region itself is not
 * transferred here (ReadBenchmark measures sendfile); the score is requests per second and
 * {@code -prof gc} the allocation per request.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class FetchPathBenchmark {
    static final long SEED = 0xFE7C_4L;
    static final int BATCH_BYTES = 16_384;
    static final int BATCHES = 4096;

    /** The request's partition max bytes. */
    @Param({"65536", "1048576"})
    public int fetchBytes;

    private ScratchBroker broker;
    private ByteBuffer[] frames;
    private EmbeddedChannel channel;
    private int next;

    @Setup(Level.Trial)
    public void open() throws IOException {
        broker = new ScratchBroker("fetch-", Map.of("log.segment.bytes", String.valueOf(256 << 20)));
        Partition partition = broker.createTopic("bench").partition(0);
        ByteBuffer batch = KafkaOracle.checkedBatch(BATCH_BYTES, SEED);
        for (int i = 0; i < BATCHES; i++) {
            ByteBuffer copy = ByteBuffer.allocateDirect(BATCH_BYTES).put(batch.duplicate()).flip();
            java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
            partition.append(copy, r -> done.complete(null));
            done.join();
        }
        frames = new ByteBuffer[64];
        java.util.Random random = new java.util.Random(SEED);
        for (int i = 0; i < frames.length; i++) {
            FetchRequestData data = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(0).setMinBytes(1)
                .setMaxBytes(fetchBytes).setSessionEpoch(-1).setTopics(List.of(new FetchRequestData.FetchTopic()
                    .setTopic("bench").setPartitions(List.of(new FetchRequestData.FetchPartition()
                        .setFetchOffset(random.nextInt(BATCHES - 64)).setPartitionMaxBytes(fetchBytes)))));
            frames[i] = ScratchBroker.frame(ApiKeys.FETCH, (short) 12, data);
        }
        channel = new EmbeddedChannel();
        fetch();
        channel.checkException(); // fail the trial, not every operation, if encoding goes wrong
    }

    @TearDown(Level.Trial)
    public void close() {
        channel.finishAndReleaseAll();
        broker.close();
    }

    @Benchmark
    public int fetch() {
        ByteBuffer frame = frames[next++ & (frames.length - 1)];
        ByteBuf buf = Unpooled.wrappedBuffer(frame.duplicate());
        Object response = broker.dispatch(buf).join();
        int bytes = ResponseWriter.write(channel, 1, (short) 1, response, (short) 12);
        channel.flush();
        Object out;
        while ((out = channel.readOutbound()) != null) {
            ReferenceCountUtil.release(out);
        }
        return bytes;
    }
}

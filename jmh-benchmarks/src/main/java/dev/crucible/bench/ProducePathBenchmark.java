package dev.crucible.bench;

import dev.crucible.broker.api.ProduceResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.record.internal.MemoryRecords;
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
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * broker-ref's produce path for one request, socket excluded: the frame lands in a pooled direct
 * buffer (as the frame decoder leaves it), is parsed by broker-ref's hand-written Produce codec, its batch
 * validated (sizes, magic, CRC32C) and appended through the group-commit writer (flush policy
 * {@code never}), and the response built. Score: requests per second, one in flight (so it includes the
 * hand-off to the writer thread and back); {@code -prof gc} gives the bytes allocated per request.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(2)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@State(Scope.Benchmark)
public class ProducePathBenchmark {
    static final long SEED = 0x9E0D_11CEL;

    /** Size of the one record batch in each request. */
    @Param({"1024", "16384"})
    public int batchBytes;

    private ScratchBroker broker;
    private ByteBuffer frame;
    private final PooledByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;

    @Setup(Level.Trial)
    public void open() throws IOException {
        broker = new ScratchBroker("produce-", Map.of("log.segment.bytes", String.valueOf(256 << 20),
            "log.retention.bytes", String.valueOf(1L << 30)));
        broker.createTopic("bench");
        ByteBuffer batch = KafkaOracle.checkedBatch(batchBytes, SEED);
        ProduceRequestData data = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(30_000);
        ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData().setName("bench");
        topic.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0)
            .setRecords(MemoryRecords.readableRecords(batch)));
        data.topicData().add(topic);
        frame = ScratchBroker.frame(ApiKeys.PRODUCE, (short) 9, data);
    }

    @TearDown(Level.Trial)
    public void close() {
        broker.close();
    }

    @Benchmark
    public long produce() {
        ByteBuf buf = alloc.directBuffer(frame.remaining());
        buf.writeBytes(frame.duplicate());
        try {
            ProduceResponse r = (ProduceResponse) broker.dispatch(buf).join();
            ProduceResponse.PartitionAnswer answer = r.topic(0).partition(0);
            long base = answer.baseOffset();
            if (base < 0) {
                throw new IllegalStateException("produce failed: error " + answer.errorCode() + " " + answer.errorMessage());
            }
            r.recycle(); // as the connection does once it has written the answer
            return base;
        } finally {
            buf.release();
        }
    }
}

package dev.crucible.bench;

import dev.crucible.load.message.Payloads;
import dev.crucible.load.message.Stamp;
import dev.crucible.load.metric.LatencyRecorders;
import dev.crucible.load.metric.Metric;
import dev.crucible.load.seq.DeliveryTracker;
import dev.crucible.load.workload.Workload;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the load generator spends per message on its own bookkeeping, so it is never the
 * bottleneck unnoticed: recording one latency value (HdrHistogram Recorder, one thread and two
 * threads contending), stamping a message (payload copy + 32-byte stamp), and tracking one delivery
 * (sequence set, in order). The interval swap every second is not included (once per second).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(2)
@State(Scope.Benchmark)
public class RecorderBenchmark {
    private LatencyRecorders recorders;
    private long value;

    @Setup(Level.Trial)
    public void setUp() {
        recorders = new LatencyRecorders();
    }

    /** One latency sample, from a single thread. */
    @Benchmark
    public void recordOneValue() {
        value = value * 6364136223846793005L + 1442695040888963407L;
        recorders.record(Metric.RESPONSE, (value >>> 40) * 1000);
    }

    /** One latency sample, two threads recording into the same recorder (producer callback + consumer). */
    @Benchmark
    @Threads(2)
    public void recordOneValueContended(ThreadLocalValue v) {
        recorders.record(Metric.RESPONSE, v.next() * 1000);
    }

    /** Per-thread pseudo-random latencies. */
    @State(Scope.Thread)
    public static class ThreadLocalValue {
        private long x = System.nanoTime();

        long next() {
            x = x * 6364136223846793005L + 1442695040888963407L;
            return x >>> 40;
        }
    }

    /** A producer's per-message work before the client: payload copy plus stamp. */
    @State(Scope.Thread)
    public static class Message {
        @Param({"100", "1024", "16384"})
        int size;

        Payloads payloads;
        byte[] buffer;
        long seq;

        @Setup(Level.Trial)
        public void setUp() {
            Workload w = Workload.builder().messageSize(size).useRandomizedPayloads(true).randomBytesRatio(0.5)
                    .randomizedPayloadPoolSize(16).build();
            payloads = Payloads.of(w, 42);
            buffer = new byte[size];
        }
    }

    /** Builds one message. */
    @Benchmark
    public byte[] stampOneMessage(Message m) {
        m.payloads.fill(m.buffer);
        Stamp.write(m.buffer, 3, m.seq++, 1_000_000L, 1_000_500L);
        return m.buffer;
    }

    /** A consumer's per-message sequence tracking (in-order arrivals). */
    @State(Scope.Thread)
    public static class Tracker {
        DeliveryTracker tracker = new DeliveryTracker();
        long seq;
    }

    /** Tracks one received message. */
    @Benchmark
    public DeliveryTracker trackOneDelivery(Tracker t) {
        t.tracker.deliver(t.seq++);
        return t.tracker;
    }
}

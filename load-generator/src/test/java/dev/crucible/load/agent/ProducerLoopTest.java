package dev.crucible.load.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.load.clock.ManualClock;
import dev.crucible.load.driver.BenchDriver;
import dev.crucible.load.message.Payloads;
import dev.crucible.load.message.Stamp;
import dev.crucible.load.metric.LatencyRecorders;
import dev.crucible.load.metric.RunClock;
import dev.crucible.load.workload.KeyDistributor;
import dev.crucible.load.workload.Workload;
import dev.crucible.load.workload.WorkloadBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The schedule is checked through the stamps the loop writes, on a {@link ManualClock} the test moves:
 * the intended times must follow the schedule exactly, and what the loop does at a given time does
 * not depend on how fast the machine is.
 */
class ProducerLoopTest {
    private static final long SECOND_NS = 1_000_000_000L;
    private static final long START_NS = 1_000 * SECOND_NS;

    /** A producer that records every message and acknowledges it (or, when holding, keeps the acks). */
    private static final class Capture implements BenchDriver.BenchProducer {
        final List<byte[]> values = new ArrayList<>();
        final List<Integer> partitions = new ArrayList<>();
        final ConcurrentLinkedQueue<BenchDriver.Ack> held = new ConcurrentLinkedQueue<>();
        volatile boolean hold;

        @Override
        public synchronized void send(int partition, byte[] key, byte[] value, BenchDriver.Ack ack) {
            values.add(value.clone());
            partitions.add(partition);
            if (hold) {
                held.add(ack);
            } else {
                ack.done(null);
            }
        }

        synchronized int count() {
            return values.size();
        }

        @Override
        public void flush(long timeoutMs) {}

        @Override
        public void close() {}
    }

    private static WorkloadBuilder workload(int messageSize) {
        return Workload.builder().messageSize(messageSize).partitionsPerTopic(4);
    }

    private static ProducerLoop loop(Workload w, Capture c, ManualClock clock, double rate, long endNs, int sticky) {
        return new ProducerLoop(new Assignment.ProducerSpec(7, "t", w.partitionsPerTopic(), rate), w, c, Payloads.of(w, 1),
                RunClock.sharedMonotonic(clock), new LatencyRecorders(), new Counters(), sticky, START_NS, START_NS, endNs);
    }

    /** Starts {@code l} on its own thread and waits until it waits on the clock. */
    private static Thread start(ProducerLoop l, ManualClock clock) {
        Thread t = new Thread(l, "producer-under-test");
        t.setDaemon(true);
        t.start();
        clock.awaitQuiet(t);
        return t;
    }

    /** Moves the clock {@code ns} and expects the loop to have reached its end. */
    private static void runToEnd(Thread t, ManualClock clock, long ns) throws InterruptedException {
        clock.advance(ns);
        t.join(Duration.ofSeconds(20).toMillis());
        assertThat(t.isAlive()).as("the loop ended at the end of its schedule").isFalse();
    }

    @Test
    void constantArrivalsFollowTheScheduleExactly() throws Exception {
        Workload w = workload(64).build();
        Capture c = new Capture();
        ManualClock clock = new ManualClock(START_NS);
        Thread t = start(loop(w, c, clock, 5_000, START_NS + SECOND_NS / 2, 16_384), clock);
        for (int step = 0; step < 10; step++) {
            clock.advance(SECOND_NS / 20);
            assertThat(c.count()).as("everything due by then, nothing more").isEqualTo(Math.min(2_500, (step + 1) * 250 + 1));
        }
        runToEnd(t, clock, 0);
        assertThat(c.count()).isEqualTo(2_500);
        for (int i = 0; i < c.count(); i++) {
            byte[] v = c.values.get(i);
            assertThat(Stamp.isStamped(v)).isTrue();
            assertThat(Stamp.producerId(v)).isEqualTo(7);
            assertThat(Stamp.intendedNs(v)).isEqualTo(START_NS + i * 200_000L);
            assertThat(Stamp.sentNs(v) - Stamp.intendedNs(v)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void sequenceNumbersAreDensePerPartitionAndUnkeyedSendsStickForABatch() throws Exception {
        Workload w = workload(100).build();
        Capture c = new Capture();
        ManualClock clock = new ManualClock(START_NS);
        runToEnd(start(loop(w, c, clock, 100_000, START_NS + SECOND_NS / 10, 1_000), clock), clock, SECOND_NS / 10);
        assertThat(c.count()).isEqualTo(10_000);
        long[] next = new long[4];
        for (int i = 0; i < c.count(); i++) {
            int p = c.partitions.get(i);
            assertThat(Stamp.sequence(c.values.get(i))).isEqualTo(next[p]++);
        }
        // 1000-byte batches of 100-byte messages: ten in a row on one partition, then the next one.
        for (int i = 0; i + 10 <= c.count(); i += 10) {
            assertThat(c.partitions.subList(i, i + 10)).containsOnly(c.partitions.get(i));
            if (i + 10 < c.count()) {
                assertThat(c.partitions.get(i + 10)).isEqualTo((c.partitions.get(i) + 1) % 4);
            }
        }
    }

    @Test
    void keyedSendsGoWhereKafkasPartitionerWouldPutThem() {
        PartitionChooser chooser = new PartitionChooser(KeyDistributor.KEY_ROUND_ROBIN, 4, 16_384, 3, () -> 0L);
        int[] hits = new int[4];
        for (int i = 0; i < 4_000; i++) {
            int p = chooser.next(64);
            assertThat(p).isEqualTo(org.apache.kafka.common.utils.Utils.toPositive(
                    org.apache.kafka.common.utils.Utils.murmur2(chooser.key())) % 4);
            hits[p]++;
        }
        for (int h : hits) {
            assertThat(h).isBetween(700, 1300);
        }
    }

    @Test
    void poissonArrivalsHaveTheRequestedMeanAndExponentialSpread() throws Exception {
        Workload w = workload(64).arrivals(Workload.Arrivals.POISSON).build();
        Capture c = new Capture();
        ManualClock clock = new ManualClock(START_NS);
        runToEnd(start(loop(w, c, clock, 200_000, START_NS + SECOND_NS / 10, 16_384), clock), clock, SECOND_NS / 10);
        int n = c.count();
        assertThat(n).isBetween(19_000, 21_000);
        double sum = 0;
        double sumSq = 0;
        for (int i = 1; i < n; i++) {
            double gap = Stamp.intendedNs(c.values.get(i)) - Stamp.intendedNs(c.values.get(i - 1));
            sum += gap;
            sumSq += gap * gap;
        }
        double mean = sum / (n - 1);
        double sd = Math.sqrt(sumSq / (n - 1) - mean * mean);
        assertThat(mean).isBetween(4_750.0, 5_250.0);
        assertThat(sd / mean).as("coefficient of variation of exponential gaps").isBetween(0.9, 1.1);
    }

    @Test
    void aFullWindowHoldsTheScheduleBackAndLateSendsKeepTheirIntendedTimes() throws Exception {
        Workload w = workload(64).maxOutstandingPerProducer(5).build();
        Capture c = new Capture();
        c.hold = true;
        ManualClock clock = new ManualClock(START_NS);
        Thread t = start(loop(w, c, clock, 10_000, START_NS + 300 * 1_000_000L, 16_384), clock);
        for (int step = 0; step < 10; step++) {
            clock.advance(100_000L);
        }
        assertThat(c.count()).as("five sends fill the window").isEqualTo(5);
        clock.advance(249 * 1_000_000L);
        assertThat(c.count()).as("no send beyond the window while nothing is acknowledged, 250 ms on").isEqualTo(5);
        long releasedAtNs = clock.nanoTime();
        c.hold = false;
        BenchDriver.Ack a;
        while ((a = c.held.poll()) != null) {
            a.done(null);
        }
        runToEnd(t, clock, 50 * 1_000_000L);
        assertThat(c.count()).as("every message of the 300 ms schedule went out in the end").isEqualTo(3_000);
        for (int i = 0; i < c.count(); i++) {
            assertThat(Stamp.intendedNs(c.values.get(i))).isEqualTo(START_NS + i * 100_000L);
        }
        for (int i = 0; i < 5; i++) {
            assertThat(Stamp.sentNs(c.values.get(i))).as("sent on time").isEqualTo(Stamp.intendedNs(c.values.get(i)));
        }
        assertThat(Stamp.sentNs(c.values.get(5))).as("the sixth message waited for the window: sent when the acks came")
                .isEqualTo(releasedAtNs);
    }
}

package dev.crucible.load.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.load.driver.BenchDriver;
import dev.crucible.load.message.Payloads;
import dev.crucible.load.message.Stamp;
import dev.crucible.load.metric.LatencyRecorders;
import dev.crucible.load.metric.RunClock;
import dev.crucible.load.workload.KeyDistributor;
import dev.crucible.load.workload.Workload;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/**
 * The schedule is checked through the stamps the loop writes, not through wall-clock timing: the
 * intended times must follow the schedule exactly whatever the machine is doing.
 */
class ProducerLoopTest {
    private static final long SECOND_NS = 1_000_000_000L;

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

    private static Workload workload(int messageSize) {
        Workload w = new Workload();
        w.messageSize = messageSize;
        w.partitionsPerTopic = 4;
        return w;
    }

    private static ProducerLoop loop(Workload w, Capture c, double rate, long startNs, long endNs, int sticky) throws Exception {
        return new ProducerLoop(new Assignment.ProducerSpec(7, "t", w.partitionsPerTopic, rate), w, c,
                Payloads.of(w, null, 1), RunClock.sharedMonotonic(), new LatencyRecorders(), new Counters(), sticky,
                startNs, startNs, endNs);
    }

    @Test
    void constantArrivalsFollowTheScheduleExactly() throws Exception {
        Workload w = workload(64);
        Capture c = new Capture();
        long start = System.nanoTime() + 50_000_000L;
        ProducerLoop l = loop(w, c, 5_000, start, start + SECOND_NS / 2, 16_384);
        l.run();
        assertThat(c.count()).isEqualTo(2_500);
        for (int i = 0; i < c.count(); i++) {
            byte[] v = c.values.get(i);
            assertThat(Stamp.isStamped(v)).isTrue();
            assertThat(Stamp.producerId(v)).isEqualTo(7);
            assertThat(Stamp.intendedNs(v)).isEqualTo(start + i * 200_000L);
            assertThat(Stamp.sentNs(v) - Stamp.intendedNs(v)).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void sequenceNumbersAreDensePerPartitionAndUnkeyedSendsStickForABatch() throws Exception {
        Workload w = workload(100);
        Capture c = new Capture();
        long start = System.nanoTime();
        loop(w, c, 100_000, start, start + SECOND_NS / 10, 1_000).run();
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
    void keyedSendsGoWhereKafkasPartitionerWouldPutThem() throws Exception {
        Workload w = workload(64);
        w.keyDistributor = KeyDistributor.KEY_ROUND_ROBIN;
        PartitionChooser chooser = new PartitionChooser(w.keyDistributor, 4, 16_384, 3);
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
        Workload w = workload(64);
        w.arrivals = Workload.Arrivals.POISSON;
        Capture c = new Capture();
        long start = System.nanoTime();
        loop(w, c, 200_000, start, start + SECOND_NS / 10, 16_384).run();
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
        Workload w = workload(64);
        w.maxOutstandingPerProducer = 5;
        Capture c = new Capture();
        c.hold = true;
        long start = System.nanoTime();
        ProducerLoop l = loop(w, c, 10_000, start, start + 60 * SECOND_NS, 16_384);
        Thread t = new Thread(l);
        t.start();
        while (c.count() < 5) {
            Thread.sleep(5);
        }
        Thread.sleep(300);
        assertThat(c.count()).as("no send beyond the window while nothing is acknowledged").isEqualTo(5);
        c.hold = false;
        BenchDriver.Ack a;
        while ((a = c.held.poll()) != null) {
            a.done(null);
        }
        while (c.count() < 200) {
            Thread.sleep(5);
        }
        l.stop();
        t.join(5_000);
        for (int i = 0; i < 200; i++) {
            assertThat(Stamp.intendedNs(c.values.get(i))).isEqualTo(start + i * 100_000L);
        }
        assertThat(Stamp.sentNs(c.values.get(5)) - Stamp.intendedNs(c.values.get(5)))
                .as("the sixth message waited for the window: its delay is at least the hold")
                .isGreaterThanOrEqualTo(250_000_000L);
    }
}

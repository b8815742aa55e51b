package dev.crucible.load.agent;

import dev.crucible.load.driver.BenchDriver.BenchProducer;
import dev.crucible.load.message.Payloads;
import dev.crucible.load.message.Stamp;
import dev.crucible.load.metric.LatencyRecorders;
import dev.crucible.load.metric.Metric;
import dev.crucible.load.metric.RunClock;
import dev.crucible.load.seq.SeqSet;
import dev.crucible.load.workload.Workload;
import java.util.SplittableRandom;
import java.util.concurrent.Semaphore;

/**
 * One producer's open-loop schedule. Message i is due at its intended time (evenly spaced at the
 * producer's rate, or exponential gaps for Poisson arrivals); the loop sleeps until then, waits for
 * room in the outstanding window, stamps and sends. Late sends keep their intended times, so a
 * stall anywhere (broker, network, client, this loop) is measured as response time. Flat out
 * (rate below 0): each message is intended when the window lets it go.
 */
final class ProducerLoop implements Runnable {
    private static final long SPIN_BELOW_NS = 20_000;
    /** Longest single park: the loop looks at its stop flag and end at least this often. */
    private static final long PARK_MAX_NS = 100_000_000L;

    private final Assignment.ProducerSpec spec;
    private final BenchProducer producer;
    private final Payloads payloads;
    private final RunClock clock;
    private final LatencyRecorders recorders;
    private final Counters counters;
    private final Semaphore window;
    private final PartitionChooser chooser;
    private final SeqSet[] acked;
    private final long[] failed;
    private final long[] nextSeq;
    private final boolean poisson;
    private final SplittableRandom random;
    private final long startNs;
    private final long measureFromNs;
    private volatile long endNs;
    private volatile double ratePerSecond;
    private volatile boolean stopped;
    /** The thread running the loop; acks wake it when it waits for room in the window. */
    private volatile Thread runner;
    private volatile boolean waitingForWindow;

    ProducerLoop(Assignment.ProducerSpec spec, Workload workload, BenchProducer producer, Payloads payloads,
            RunClock clock, LatencyRecorders recorders, Counters counters, int stickyBytes, long startNs,
            long measureFromNs, long endNs) {
        this.spec = spec;
        this.producer = producer;
        this.payloads = payloads;
        this.clock = clock;
        this.recorders = recorders;
        this.counters = counters;
        this.window = new Semaphore(workload.maxOutstandingPerProducer());
        this.chooser = new PartitionChooser(workload.keyDistributor(), spec.partitions(), stickyBytes, spec.producerId(),
                clock::nowNs);
        this.acked = new SeqSet[spec.partitions()];
        for (int i = 0; i < acked.length; i++) {
            acked[i] = new SeqSet();
        }
        this.failed = new long[spec.partitions()];
        this.nextSeq = new long[spec.partitions()];
        this.poisson = workload.arrivals() == Workload.Arrivals.POISSON;
        this.random = new SplittableRandom(spec.producerId() * 0x9E3779B97F4A7C15L);
        this.startNs = startNs;
        this.measureFromNs = measureFromNs;
        this.endNs = endNs;
        this.ratePerSecond = spec.ratePerSecond();
    }

    @Override
    public void run() {
        runner = Thread.currentThread();
        byte[] value = new byte[payloads.messageBytes()];
        long intendedNs = startNs;
        while (!stopped) {
            double rate = ratePerSecond;
            boolean flatOut = rate < 0;
            if (!sleepUntil(flatOut ? startNs : intendedNs)) {
                break;
            }
            if (!acquireWindow()) {
                break;
            }
            long sentNs = clock.nowNs();
            if (flatOut) {
                intendedNs = sentNs;
            }
            if (intendedNs - endNs >= 0) {
                window.release();
                break;
            }
            send(value, intendedNs, sentNs);
            intendedNs += flatOut ? 0 : gapNs(rate);
        }
    }

    private void send(byte[] value, long intendedNs, long sentNs) {
        int partition = chooser.next(value.length);
        long seq = nextSeq[partition]++;
        payloads.fill(value);
        Stamp.write(value, spec.producerId(), seq, intendedNs, sentNs);
        boolean measured = intendedNs - measureFromNs >= 0;
        if (measured) {
            recorders.record(Metric.SEND_DELAY, sentNs - intendedNs);
        }
        counters.sent.increment();
        counters.bytesSent.add(value.length);
        producer.send(partition, chooser.key(), value, error -> {
            long ackNs = clock.nowNs();
            releaseWindow();
            if (error == null) {
                synchronized (acked[partition]) {
                    acked[partition].add(seq);
                }
                counters.acked.increment();
                if (measured) {
                    recorders.record(Metric.RESPONSE, ackNs - intendedNs);
                    recorders.record(Metric.SERVICE, ackNs - sentNs);
                }
            } else {
                synchronized (acked[partition]) {
                    failed[partition]++;
                }
                counters.sendErrors.increment();
            }
        });
    }

    private long gapNs(double rate) {
        double mean = 1e9 / rate;
        if (!poisson) {
            return Math.max(1, Math.round(mean));
        }
        return Math.max(1, Math.round(-Math.log(1.0 - random.nextDouble()) * mean));
    }

    /** Sleeps until {@code runNs}; false when stopped or past the end. */
    private boolean sleepUntil(long runNs) {
        while (true) {
            if (stopped || runNs - endNs >= 0) {
                return false;
            }
            long waitNs = runNs - clock.nowNs();
            if (waitNs <= 0) {
                return true;
            }
            if (waitNs > SPIN_BELOW_NS) {
                clock.local().park(Math.min(waitNs - SPIN_BELOW_NS / 2, PARK_MAX_NS));
            } else {
                clock.local().onSpinWait();
            }
        }
    }

    /** Takes one place in the outstanding window, waiting for an ack while it is full; false when stopped or past the end. */
    private boolean acquireWindow() {
        while (!window.tryAcquire()) {
            if (stopped || clock.nowNs() - endNs >= 0) {
                return false;
            }
            // Flag first, then look again: an ack that releases after this look sees the flag and unparks us.
            waitingForWindow = true;
            if (window.availablePermits() == 0) {
                clock.local().park(PARK_MAX_NS);
            }
            waitingForWindow = false;
        }
        return true;
    }

    /** Frees one place in the window (ack callback, any thread) and wakes the loop if it waits for one. */
    private void releaseWindow() {
        window.release();
        if (waitingForWindow) {
            clock.local().unpark(runner);
        }
    }

    /** Changes the rate from the next message on. */
    void rate(double perSecond) {
        ratePerSecond = perSecond;
    }

    /** Current rate (msgs/s; -1 flat out). */
    double rate() {
        return ratePerSecond;
    }

    /** When the schedule ends (run clock). */
    long endNs() {
        return endNs;
    }

    /** Moves the end earlier. */
    void endAt(long runNs) {
        if (runNs - endNs < 0) {
            endNs = runNs;
        }
    }

    /** Stops the loop at its next step. */
    void stop() {
        stopped = true;
        Thread t = runner;
        if (t != null) {
            clock.local().unpark(t);
        }
    }

    /** Acknowledged sequence numbers per partition (read after the producer is closed). */
    SeqSet acked(int partition) {
        synchronized (acked[partition]) {
            return acked[partition];
        }
    }

    /** Failed sends per partition. */
    long failed(int partition) {
        synchronized (acked[partition]) {
            return failed[partition];
        }
    }

    Assignment.ProducerSpec spec() {
        return spec;
    }
}

package dev.crucible.load.agent;

import dev.crucible.load.clock.LoadClock;
import dev.crucible.load.driver.BenchDriver;
import dev.crucible.load.driver.KafkaDriver;
import dev.crucible.load.driver.NoopDriver;
import dev.crucible.load.message.Payloads;
import dev.crucible.load.metric.HistogramCodec;
import dev.crucible.load.metric.LatencyRecorders;
import dev.crucible.load.metric.Metric;
import dev.crucible.load.metric.RunClock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * The machinery of one run on one agent: clients, producer and consumer threads, the 1-second
 * sampler, and the lease. State changes happen under the owning {@link Agent}'s lock; the threads
 * only read volatile flags.
 */
final class AgentRun {
    private static final long FLUSH_TIMEOUT_MS = 30_000;
    private static final long SECOND_NS = 1_000_000_000L;
    /** Longest the sampler sleeps between looks at the lease. */
    private static final long LEASE_CHECK_NS = 200_000_000L;

    final Assignment assignment;
    private final RunClock clock;
    private final BenchDriver driver;
    private final Payloads payloads;
    private final LatencyRecorders recorders = new LatencyRecorders();
    private final Counters counters = new Counters();
    private final List<ProducerLoop> producers = new ArrayList<>();
    private final List<BenchDriver.BenchProducer> clients = new ArrayList<>();
    private final List<ConsumerLoop> consumers = new ArrayList<>();
    private final List<Thread> producerThreads = new ArrayList<>();
    private final List<Thread> consumerThreads = new ArrayList<>();
    private final List<IntervalReport> pending = new ArrayList<>();
    private Deliveries deliveries;
    private volatile String state = "PREPARED";
    private volatile String message;
    private volatile long lastHeartbeatNs;
    private long startNs;
    private long nextInterval;
    private long lastSent;
    private long lastAcked;
    private long lastErrors;
    private long lastConsumed;
    private long lastBytesSent;
    private long lastBytesConsumed;
    private volatile boolean started;
    private FinalReport finalReport;

    /** The run of {@code assignment}, timed by {@code local} (this host's clock). */
    AgentRun(Assignment assignment, LoadClock local) {
        this.assignment = assignment;
        this.clock = new RunClock(local, assignment.clockOffsetNs(), assignment.clockErrorNs(), assignment.clockMethod());
        this.lastHeartbeatNs = local.nanoTime();
        this.driver = assignment.bootstrap() == null ? new NoopDriver()
                : new KafkaDriver(assignment.bootstrap(), assignment.driver(), local);
        this.payloads = Payloads.of(assignment.workload(), assignment.runId().hashCode());
        for (Assignment.ProducerSpec p : assignment.producers()) {
            clients.add(driver.producer(p.topic()));
        }
    }

    /** Starts the consumers so they join their groups before load starts. */
    void startConsumers() {
        deliveries = new Deliveries(clock, recorders, counters);
        for (Assignment.ConsumerSpec c : assignment.consumers()) {
            ConsumerLoop loop = new ConsumerLoop(c, driver.consumer(c.topic(), c.subscription()), deliveries);
            consumers.add(loop);
            consumerThreads.add(daemon(loop, "crucible-consumer-" + c.subscription() + "-" + consumers.size()));
        }
        // From now on the lease is watched: a coordinator that vanishes before start frees this agent too.
        daemon(this::sampleLoop, "crucible-sampler");
    }

    /** Starts the schedule: message 0 of every producer is due at {@code startAtNs} (run clock). */
    void start(long startAtNs, long measureFromNs, long endNs) {
        this.startNs = startAtNs;
        deliveries.measureFrom(measureFromNs);
        int sticky = stickyBytes();
        for (int i = 0; i < assignment.producers().size(); i++) {
            ProducerLoop loop = new ProducerLoop(assignment.producers().get(i), assignment.workload(), clients.get(i),
                    payloads, clock, recorders, counters, sticky, startAtNs, measureFromNs, endNs);
            producers.add(loop);
            producerThreads.add(daemon(loop, "crucible-producer-" + loop.spec().producerId()));
        }
        state = "RUNNING";
        started = true;
    }

    private int stickyBytes() {
        String v = assignment.driver().producerProperties().get("batch.size");
        try {
            return v == null ? 16_384 : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            return 16_384;
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Every second on the run clock: one interval report; also ends the producer phase and watches the lease. */
    private void sampleLoop() {
        while (!"FINISHED".equals(state) && !"ABORTED".equals(state)) {
            if (!started) {
                sleepNs(LEASE_CHECK_NS);
                checkLease();
                continue;
            }
            long boundaryNs = startNs + (nextInterval + 1) * SECOND_NS;
            long waitNs = boundaryNs - clock.nowNs();
            if (waitNs > 0) {
                sleepNs(Math.min(waitNs, LEASE_CHECK_NS));
            } else {
                sample();
            }
            checkLease();
            if ("RUNNING".equals(state) && producerThreads.stream().noneMatch(Thread::isAlive)) {
                for (BenchDriver.BenchProducer p : clients) {
                    p.flush(FLUSH_TIMEOUT_MS);
                }
                state = "PRODUCERS_DONE";
            }
        }
    }

    private void checkLease() {
        if (clock.local().nanoTime() - lastHeartbeatNs > TimeUnit.MILLISECONDS.toNanos(assignment.leaseMs())) {
            abort("no heartbeat from the coordinator for " + assignment.leaseMs() + " ms: load stopped by the lease");
        }
    }

    private void sleepNs(long ns) {
        try {
            clock.local().sleep(ns);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void sample() {
        Map<Metric, Histogram> hs = recorders.takeInterval();
        Map<String, String> encoded = new LinkedHashMap<>();
        hs.forEach((m, h) -> encoded.put(m.key(), HistogramCodec.encode(h)));
        long sent = counters.sent.sum();
        long acked = counters.acked.sum();
        long errors = counters.sendErrors.sum();
        long consumed = counters.consumed.sum();
        long bytesSent = counters.bytesSent.sum();
        long bytesConsumed = counters.bytesConsumed.sum();
        // The rate the schedule asked for in this second: producers whose schedule had not ended at its start.
        long intervalStartNs = startNs + nextInterval * SECOND_NS;
        double rate = producers.stream().filter(p -> p.endNs() - intervalStartNs > 0).mapToDouble(ProducerLoop::rate).sum();
        pending.add(new IntervalReport(nextInterval, encoded, sent - lastSent, acked - lastAcked, errors - lastErrors,
                consumed - lastConsumed, bytesSent - lastBytesSent, bytesConsumed - lastBytesConsumed, rate));
        lastSent = sent;
        lastAcked = acked;
        lastErrors = errors;
        lastConsumed = consumed;
        lastBytesSent = bytesSent;
        lastBytesConsumed = bytesConsumed;
        nextInterval++;
    }

    /** Applies a heartbeat's command. */
    void apply(Command c) {
        lastHeartbeatNs = clock.local().nanoTime();
        synchronized (this) {
            pending.removeIf(r -> r.index() <= c.ackedInterval());
        }
        if (c.totalRatePerSecond() > 0 && !producers.isEmpty()) {
            int all = assignment.workload().producerCount();
            producers.forEach(p -> p.rate(c.totalRatePerSecond() / all));
        }
        consumers.forEach(l -> l.paused(c.consumersPaused()));
        if (c.endAtRunNs() > 0) {
            producers.forEach(p -> p.endAt(c.endAtRunNs()));
        }
        if (c.finish() && !"FINISHED".equals(state) && !"ABORTED".equals(state)) {
            finish();
        }
    }

    /** Stops everything, samples the last partial second and builds the final report. */
    private void finish() {
        producers.forEach(ProducerLoop::stop);
        join(producerThreads);
        clients.forEach(BenchDriver.BenchProducer::close);
        consumers.forEach(ConsumerLoop::stop);
        join(consumerThreads);
        if (started) {
            sample();
        }
        List<FinalReport.ProducerLedger> ledgers = new ArrayList<>();
        for (ProducerLoop p : producers) {
            for (int part = 0; part < p.spec().partitions(); part++) {
                ledgers.add(new FinalReport.ProducerLedger(p.spec().topic(), part, p.spec().producerId(),
                        p.acked(part).toRanges(), p.failed(part)));
            }
        }
        Map<String, Long> negatives = new HashMap<>();
        recorders.negativeCounts().forEach((m, n) -> negatives.put(m.key(), n));
        finalReport = new FinalReport(ledgers, deliveries == null ? List.of() : deliveries.report(), negatives);
        driver.close();
        state = "FINISHED";
    }

    private static void join(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Stops the load and closes the clients, keeping what was recorded. */
    void abort(String why) {
        if ("FINISHED".equals(state) || "ABORTED".equals(state)) {
            return;
        }
        message = why;
        producers.forEach(ProducerLoop::stop);
        consumers.forEach(ConsumerLoop::stop);
        state = "ABORTED";
        Thread closer = new Thread(() -> {
            join(producerThreads);
            clients.forEach(BenchDriver.BenchProducer::close);
            join(consumerThreads);
            driver.close();
        }, "crucible-abort");
        closer.setDaemon(true);
        closer.start();
    }

    /** The agent's answer to a call. */
    synchronized Status status() {
        Map<String, Long> assigned = new LinkedHashMap<>();
        for (ConsumerLoop c : consumers) {
            assigned.merge(c.spec().topic() + "/" + c.spec().subscription(), (long) c.assignedPartitions(), Long::sum);
        }
        return new Status(assignment.runId(), state, message, assigned, counters.sent.sum(), counters.acked.sum(),
                counters.sendErrors.sum(), counters.consumed.sum(), counters.foreign.sum(), List.copyOf(pending), finalReport);
    }

    String state() {
        return state;
    }
}

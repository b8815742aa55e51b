package dev.crucible.load.run;

import dev.crucible.load.clock.LoadClock;
import dev.crucible.load.driver.BenchDriver;
import dev.crucible.load.driver.TopicReplication;
import dev.crucible.load.metric.RunClock;
import dev.crucible.load.result.IntervalStore;
import dev.crucible.load.result.RunRecord;
import dev.crucible.load.result.RunSettings;
import dev.crucible.load.result.RunTimeline;
import dev.crucible.load.result.Totals;
import dev.crucible.load.workload.Durations;
import dev.crucible.load.workload.Workload;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Drives one run: creates the topics, hands each worker its share, starts the load on every worker
 * at one agreed run-clock time, then once a second heartbeats every worker (keeping its lease and
 * collecting its 1-second reports) and lets each {@link Phase} look at the run (rate search, backlog,
 * live line, CPU readings) until the {@link Drain} says it has ended; then writes the result
 * directory. A worker that fails or stays unreachable for {@link Workers#WORKER_TIMEOUT_MS} ends the
 * run: the others are stopped and what was collected is written marked INCOMPLETE.
 */
public final class Coordinator {
    private static final long LEASE_MS = 10_000;
    private static final long SECOND_NS = 1_000_000_000L;
    private static final long TICK_NS = SECOND_NS;

    private final RunSettings settings;
    private final Workload workload;
    private final Workers workers;
    private final BenchDriver admin;
    private final LongSupplier targetCpuNs;
    private final PrintWriter out;
    private final LoadClock local;
    private final RunClock clock;
    private final IntervalStore store = new IntervalStore();
    private final String runId;
    private final CountDownLatch written = new CountDownLatch(1);
    private volatile boolean interrupted;
    private volatile RunState state = RunState.PREPARING;
    private RunRecord record;

    /** A coordinator of one run on {@code workers}; {@code admin} creates the topics; {@code local} is this host's clock. */
    public Coordinator(RunSettings settings, List<WorkerRef> workers, BenchDriver admin, LongSupplier targetCpuNs,
            PrintWriter out, LoadClock local) {
        this.settings = settings;
        this.workload = settings.workload();
        this.workers = new Workers(workers, store, local);
        this.admin = admin;
        this.targetCpuNs = targetCpuNs;
        this.out = out;
        this.local = local;
        this.clock = RunClock.sharedMonotonic(local);
        this.runId = Long.toString(local.now().toEpochMilli(), 36) + "-" + Long.toString(local.nanoTime() & 0xffff, 36);
    }

    /**
     * Asks a running {@link #run} to stop and write what it has (Ctrl-C), and waits up to 20 s for the
     * files, so a shutdown hook can call it.
     */
    public void interrupt() {
        interrupted = true;
        try {
            written.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs the workload and writes the result directory. */
    public RunOutcome run() throws Exception {
        try {
            return runAndWrite();
        } finally {
            written.countDown();
        }
    }

    /** What the finished run recorded (after {@link #run}). */
    public RunRecord record() {
        return record;
    }

    private RunOutcome runAndWrite() throws Exception {
        Instant started = local.now();
        double startRate = workload.producerRate() > 0 ? workload.producerRate()
                : workload.producerRate() == 0 ? workload.producerStartRate() : -1;
        RateSearch search = workload.producerRate() == 0 ? new RateSearch(startRate) : null;
        Plan plan = new Plan(workload, runId.replace("-", ""), workers.refs(), startRate);
        say("run " + runId + ": " + workload.topics() + " topic(s) x " + workload.partitionsPerTopic() + " partition(s), "
                + workload.messageSize() + " B messages, " + describeRate(startRate, search) + ", target " + settings.targetKind()
                + (settings.bootstrap() == null ? "" : " at " + settings.bootstrap()) + ", " + workers.refs().size() + " worker(s)");
        TopicReplication replication = createTopics(plan);
        try {
            RunTimeline timeline = prepareAndStart(plan);
            RunControl control = new RunControl(runId, timeline, search != null ? startRate : 0, workload.consumerBacklogSizeGB() > 0);
            MeasureWindow measure = new MeasureWindow(targetCpuNs);
            RateSearchStep searchStep = search == null ? null : new RateSearchStep(search, store,
                    workload.subscriptionsPerTopic(), workload.acceptableBacklog(), timeline, this::say);
            String incompleteReason = drive(control, phases(timeline, searchStep, startRate, measure), measure);
            RunOutcome o = new ResultWrite(settings, runId, started, store, plan.subscriptionsByTopic(), replication).write(workers,
                    control.timeline(), local.now(), incompleteReason, searchStep == null ? 0 : searchStep.best(), measure.readings());
            record = o.record();
            if (incompleteReason != null) {
                say("INCOMPLETE results written to " + o.resultDir());
            }
            return o;
        } finally {
            // After the files are written: deleting can wait on a broker that is gone.
            admin.deleteTopics(plan.topics());
        }
    }

    /** Creates the run's topics; says so when they get fewer replicas than the driver file asked for. */
    private TopicReplication createTopics(Plan plan) throws Exception {
        TopicReplication replication = admin.createTopics(plan.topics(), workload.partitionsPerTopic());
        if (replication != null && replication.reduced()) {
            say(replication.note());
        }
        return replication;
    }

    /** PREPARING: assignments, consumers joined, then the load starts a second from now; the run's timeline. */
    private RunTimeline prepareAndStart(Plan plan) throws Exception {
        try {
            workers.prepare(runId, plan, settings, LEASE_MS, clock);
            workers.awaitConsumers(runId, workload);
        } catch (Exception e) {
            abort("the run could not start: " + e.getMessage());
            throw e;
        }
        long warmupNs = workload.warmupDuration().toNanos();
        long testNs = workload.testDuration().toNanos();
        boolean backlog = workload.consumerBacklogSizeGB() > 0;
        long startAtNs = clock.nowNs() + SECOND_NS;
        long measureFromNs = startAtNs + warmupNs;
        long endNs = measureFromNs + (backlog ? TimeUnit.HOURS.toNanos(1) : testNs);
        RunTimeline timeline = new RunTimeline(startAtNs, measureFromNs, endNs, warmupNs, testNs);
        workers.start(runId, timeline);
        state = RunState.LOADING;
        say("load starts in 1 s; warm-up " + seconds(warmupNs) + ", measured " + (backlog ? "until the "
                + workload.consumerBacklogSizeGB() + " GB backlog is drained" : seconds(testNs)));
        return timeline;
    }

    /** What looks at the run each second after the heartbeat, in this order. */
    private List<Phase> phases(RunTimeline timeline, RateSearchStep searchStep, double startRate, MeasureWindow measure) {
        List<Phase> phases = new ArrayList<>();
        if (searchStep != null) {
            phases.add(searchStep);
        }
        if (workload.consumerBacklogSizeGB() > 0) {
            phases.add(new BacklogWatch(workload.consumerBacklogSizeGB(), workload.subscriptionsPerTopic(),
                    Math.max(1000, startRate), this::say));
        }
        phases.add(new LiveLine(out, store, timeline, settings.liveEvery()));
        phases.add(measure);
        return phases;
    }

    /**
     * LOADING to the end: once a second a heartbeat, then every phase, then the drain's verdict. Returns
     * null when the run completed, else why it is incomplete (the workers are stopped by then).
     */
    private String drive(RunControl control, List<Phase> phases, MeasureWindow measure) throws InterruptedException {
        Drain drain = new Drain(workload.subscriptionsPerTopic(), workers::allProducersDone, workers::allTerminal);
        while (true) {
            local.sleep(TICK_NS);
            long nowNs = clock.nowNs();
            measure.beginIfDue(nowNs, control.timeline());
            String failure = workers.heartbeat(control.command());
            if (failure != null || interrupted) {
                return abort(failure != null ? failure : "interrupted by the user");
            }
            Totals totals = workers.totals();
            for (Phase p : phases) {
                p.tick(nowNs, totals, control);
            }
            state = drain.next(state, nowNs, totals, control);
            if (state == RunState.COMPLETE) {
                return null;
            }
            if (state == RunState.INCOMPLETE) {
                return abort(drain.reason());
            }
        }
    }

    /** Stops every worker and says why; returns {@code why}. */
    private String abort(String why) {
        state = RunState.INCOMPLETE;
        workers.abortAll(runId, why);
        say("run ended early: " + why);
        return why;
    }

    private static String describeRate(double rate, RateSearch search) {
        if (search != null) {
            return "rate: searching the highest sustainable (from " + Math.round(rate) + " msgs/s)";
        }
        return rate < 0 ? "flat out" : Math.round(rate) + " msgs/s";
    }

    private static String seconds(long ns) {
        return Durations.format(Duration.ofNanos(ns));
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}

package dev.crucible.load.run;

import dev.crucible.load.agent.Agent;
import dev.crucible.load.agent.Assignment;
import dev.crucible.load.agent.Command;
import dev.crucible.load.agent.FinalReport;
import dev.crucible.load.agent.IntervalReport;
import dev.crucible.load.agent.Status;
import dev.crucible.load.driver.BenchDriver;
import dev.crucible.load.metric.MachineCpu;
import dev.crucible.load.metric.RunClock;
import dev.crucible.load.result.IntervalStore;
import dev.crucible.load.result.ResultWriter;
import dev.crucible.load.result.RunRecord;
import dev.crucible.load.result.RunSettings;
import dev.crucible.load.result.RunTimeline;
import dev.crucible.load.result.SequenceAudit;
import dev.crucible.load.result.Totals;
import dev.crucible.load.workload.Workload;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Drives one run: creates the topics, hands each worker its share, starts the load on every worker
 * at one agreed run-clock time, keeps their leases with a heartbeat a second that also collects
 * their 1-second reports, prints the live line, waits for consumers to drain, and writes the result
 * directory. A worker that fails or stays unreachable for {@link #WORKER_TIMEOUT_MS} ends the run:
 * the others are stopped and what was collected is written marked INCOMPLETE.
 */
public final class Coordinator {
    /** How long a worker may stay unreachable before the run is ended. */
    public static final long WORKER_TIMEOUT_MS = 5_000;
    private static final long LEASE_MS = 10_000;
    private static final long TICK_MS = 1_000;
    private static final long READY_TIMEOUT_MS = 90_000;
    private static final long DRAIN_TIMEOUT_MS = 30_000;
    private static final long FINISH_TIMEOUT_MS = 60_000;
    private static final long SECOND_NS = 1_000_000_000L;

    private final RunSettings settings;
    private final List<WorkerRef> workers;
    private final BenchDriver admin;
    private final LongSupplier targetCpuNs;
    private final PrintWriter out;
    private final RunClock clock = RunClock.sharedMonotonic();
    private final IntervalStore store = new IntervalStore();
    private final String runId;
    private final Workload workload;
    private final Status[] statuses;
    private final long[] ackedInterval;
    private final long[] failingSinceNs;
    private final List<Map<String, Object>> clocks = new ArrayList<>();
    private volatile boolean interrupted;
    private final java.util.concurrent.CountDownLatch written = new java.util.concurrent.CountDownLatch(1);
    private String incompleteReason;
    private RunRecord record;

    /** A coordinator of one run on {@code workers}; {@code admin} creates the topics. */
    public Coordinator(RunSettings settings, List<WorkerRef> workers, BenchDriver admin, LongSupplier targetCpuNs,
            PrintWriter out) {
        this.settings = settings;
        this.workers = workers;
        this.admin = admin;
        this.targetCpuNs = targetCpuNs;
        this.out = out;
        this.workload = settings.workload();
        this.runId = Long.toString(System.currentTimeMillis(), 36) + "-" + Long.toString(System.nanoTime() & 0xffff, 36);
        this.statuses = new Status[workers.size()];
        this.ackedInterval = new long[workers.size()];
        this.failingSinceNs = new long[workers.size()];
        java.util.Arrays.fill(ackedInterval, -1);
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

    private RunOutcome runAndWrite() throws Exception {
        Instant started = Instant.now();
        double startRate = workload.producerRate > 0 ? workload.producerRate
                : workload.producerRate == 0 ? workload.producerStartRate : -1;
        Plan plan = new Plan(workload, runId.replace("-", ""), workers, startRate);
        RateSearch search = workload.producerRate == 0 ? new RateSearch(startRate) : null;
        say("run " + runId + ": " + workload.topics + " topic(s) x " + workload.partitionsPerTopic + " partition(s), "
                + workload.messageSize + " B messages, " + describeRate(startRate, search) + ", target " + settings.targetKind()
                + (settings.bootstrap() == null ? "" : " at " + settings.bootstrap()) + ", " + workers.size() + " worker(s)");
        admin.createTopics(plan.topics(), workload.partitionsPerTopic);
        byte[] payload = settings.workload().payloadFile == null ? null
                : Files.readAllBytes(java.nio.file.Path.of(settings.workload().payloadFile));
        long warmupNs = workload.warmupDuration().toNanos();
        long testNs = workload.testDuration().toNanos();
        boolean backlogMode = workload.consumerBacklogSizeGB > 0;
        RunTimeline timeline = null;
        Map<String, List<String>> subs = subscriptions(plan);
        long cpuAtMeasureStart = -1;
        long cpuAtMeasureEnd = -1;
        long[] machineAtStart = null;
        long[] machineAtEnd = null;
        try {
            try {
                prepare(plan, payload);
                waitForConsumers(plan);
            } catch (Exception e) {
                abortAll("the run could not start: " + e.getMessage());
                throw e;
            }
            long startAtNs = clock.nowNs() + SECOND_NS;
            long measureFromNs = startAtNs + warmupNs;
            long endNs = measureFromNs + (backlogMode ? TimeUnit.HOURS.toNanos(1) : testNs);
            timeline = new RunTimeline(startAtNs, measureFromNs, endNs, warmupNs, testNs);
            for (int i = 0; i < workers.size(); i++) {
                statuses[i] = workers.get(i).link().start(runId, startAtNs, measureFromNs, endNs);
            }
            say("load starts in 1 s; warm-up " + seconds(warmupNs) + ", measured " + (backlogMode ? "until the "
                    + workload.consumerBacklogSizeGB + " GB backlog is drained" : seconds(testNs)));
            LiveLine live = new LiveLine(out, store, timeline, settings.liveEvery());
            boolean finishSent = false;
            boolean consumersPaused = backlogMode;
            boolean backlogReached = false;
            long endAtNs = 0;
            long drainDeadlineNs = 0;
            double rate = startRate;
            long nextSearchNs = startAtNs + 3 * SECOND_NS;
            boolean searchSettled = false;
            while (true) {
                Thread.sleep(TICK_MS);
                long nowNs = clock.nowNs();
                if (cpuAtMeasureStart < 0 && nowNs - measureFromNs >= 0) {
                    cpuAtMeasureStart = targetCpuNs.getAsLong();
                    machineAtStart = MachineCpu.read();
                }
                Command cmd = new Command(runId, 0, search != null ? rate : 0, consumersPaused, endAtNs, finishSent);
                if (!heartbeatAll(cmd) || interrupted) {
                    if (interrupted && incompleteReason == null) {
                        incompleteReason = "interrupted by the user";
                    }
                    abortAll(incompleteReason);
                    break;
                }
                Totals t = totals();
                // The search stops two seconds before the measured phase, so the settled rate reaches every
                // worker (on the next heartbeat) before the first measured second.
                long settleAtNs = measureFromNs - 2 * SECOND_NS;
                if (search != null && nowNs - settleAtNs < 0 && nowNs - nextSearchNs >= 0) {
                    // The two newest whole seconds: a rate change reaches the workers within a second, and
                    // each second reports the rate it was scheduled at, so a step judges its own rate.
                    long last = store.lastIndex();
                    double acked = 0;
                    double asked = 0;
                    for (IntervalStore.Merged m : store.range(last - 1, last + 1)) {
                        acked += m.acked;
                        asked += m.targetRatePerSecond;
                    }
                    rate = search.step(acked / 2, asked / 2, t.backlog(subsPerTopic()), workload.acceptableBacklog);
                    nextSearchNs = nowNs + 3 * SECOND_NS;
                } else if (search != null && nowNs - settleAtNs >= 0 && !searchSettled && search.best() > 0) {
                    // A rate met for a few seconds on a busy machine is not one met for minutes: measure at
                    // 90% of the best, and report the best itself as the highest rate seen sustained.
                    searchSettled = true;
                    rate = search.best() * 0.9;
                    say("highest rate sustained in the warm-up: " + Math.round(search.best()) + " msgs/s; measuring at 90% of it, "
                            + Math.round(rate) + " msgs/s");
                }
                if (backlogMode && !backlogReached
                        && t.bytesSent() * subsPerTopic() - t.bytesConsumed() >= (long) (workload.consumerBacklogSizeGB * (1L << 30))) {
                    backlogReached = true;
                    consumersPaused = false;
                    say("backlog of " + workload.consumerBacklogSizeGB + " GB built; consumers drain it now");
                }
                if (backlogMode && backlogReached && endAtNs == 0 && t.backlog(subsPerTopic()) <= Math.max(1000, startRate)) {
                    endAtNs = nowNs;
                    timeline = timeline.endingAt(nowNs);
                    live.timeline(timeline);
                    say("backlog drained");
                }
                live.maybePrint(nowNs, t, phase(nowNs, timeline, t));
                if (cpuAtMeasureEnd < 0 && nowNs - timeline.endNs() >= 0) {
                    cpuAtMeasureEnd = targetCpuNs.getAsLong();
                    machineAtEnd = MachineCpu.read();
                }
                if (!finishSent && allProducersDone()) {
                    if (drainDeadlineNs == 0) {
                        drainDeadlineNs = nowNs + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MS);
                    }
                    if (t.consumedStamped() >= t.acked() * subsPerTopic() || nowNs - drainDeadlineNs >= 0) {
                        finishSent = true;
                        drainDeadlineNs = nowNs + TimeUnit.MILLISECONDS.toNanos(FINISH_TIMEOUT_MS);
                    }
                } else if (finishSent && allTerminal()) {
                    break;
                } else if (finishSent && nowNs - drainDeadlineNs >= 0) {
                    incompleteReason = "workers did not report their final figures within " + FINISH_TIMEOUT_MS / 1000 + " s";
                    abortAll(incompleteReason);
                    break;
                }
            }
            return writeResults(started, timeline, subs, search, cpuAtMeasureStart, cpuAtMeasureEnd, machineAtStart,
                    machineAtEnd);
        } finally {
            // After the files are written: deleting can wait on a broker that is gone.
            admin.deleteTopics(plan.topics());
        }
    }

    private RunOutcome writeResults(Instant started, RunTimeline timeline, Map<String, List<String>> subs,
            RateSearch search, long cpuAtMeasureStart, long cpuAtMeasureEnd, long[] machineAtStart, long[] machineAtEnd)
            throws IOException {
        List<FinalReport> finals = new ArrayList<>();
        for (Status s : statuses) {
            if (s != null && s.finalReport() != null) {
                finals.add(s.finalReport());
            }
        }
        SequenceAudit audit = new SequenceAudit(finals, subs);
        record = new RunRecord(settings, runId, started, Instant.now(), timeline, store, audit, finals,
                clocks, incompleteReason, search == null ? 0 : search.best(),
                new RunRecord.Cpu(cpuAtMeasureStart, cpuAtMeasureEnd, machineAtStart, machineAtEnd), totals());
        java.nio.file.Path dir = new ResultWriter(record).write();
        if (incompleteReason != null) {
            say("INCOMPLETE results written to " + dir);
        }
        return new RunOutcome(dir, incompleteReason == null, record.rateMissed(), incompleteReason, record);
    }

    /** What the finished run recorded (after {@link #run}). */
    public RunRecord record() {
        return record;
    }

    private static String describeRate(double rate, RateSearch search) {
        if (search != null) {
            return "rate: searching the highest sustainable (from " + Math.round(rate) + " msgs/s)";
        }
        return rate < 0 ? "flat out" : Math.round(rate) + " msgs/s";
    }

    private int subsPerTopic() {
        return workload.subscriptionsPerTopic;
    }

    private static Map<String, List<String>> subscriptions(Plan plan) {
        Map<String, List<String>> subs = new LinkedHashMap<>();
        for (int i = 0; ; i++) {
            List<Assignment.ConsumerSpec> cs;
            try {
                cs = plan.consumers(i);
            } catch (IndexOutOfBoundsException e) {
                break;
            }
            for (Assignment.ConsumerSpec c : cs) {
                List<String> l = subs.computeIfAbsent(c.topic(), k -> new ArrayList<>());
                if (!l.contains(c.subscription())) {
                    l.add(c.subscription());
                }
            }
        }
        return subs;
    }

    private void prepare(Plan plan, byte[] payload) throws IOException {
        for (int i = 0; i < workers.size(); i++) {
            WorkerRef w = workers.get(i);
            RunClock agentClock = alignClock(w);
            Assignment a = new Assignment(runId, workload, settings.driver(), settings.bootstrap(), plan.producers(i),
                    plan.consumers(i), payload, agentClock.offsetNs(), agentClock.errorBoundNs(), agentClock.method(), LEASE_MS);
            statuses[i] = w.link().prepare(a);
        }
    }

    /** The agent's run clock: offset 0 on this host (same boot id); else the probe with the smallest round trip. */
    private RunClock alignClock(WorkerRef w) throws IOException {
        String here = Agent.bootId();
        long bestRtt = Long.MAX_VALUE;
        long bestOffset = 0;
        boolean shared = false;
        for (int i = 0; i < 7; i++) {
            long t0 = clock.nowNs();
            Agent.ClockProbe p = w.link().probe();
            long t1 = clock.nowNs();
            if (p.bootId().equals(here)) {
                shared = true;
                break;
            }
            if (t1 - t0 < bestRtt) {
                bestRtt = t1 - t0;
                bestOffset = t0 + (t1 - t0) / 2 - p.nanoTime();
            }
        }
        RunClock c = shared ? RunClock.sharedMonotonic() : new RunClock(bestOffset, bestRtt / 2, "probe-min-rtt");
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("worker", w.link().name());
        row.put("method", c.method());
        row.put("offsetNs", c.offsetNs());
        row.put("errorBoundNs", c.errorBoundNs());
        clocks.add(row);
        return c;
    }

    private void waitForConsumers(Plan plan) throws Exception {
        if (workload.subscriptionsPerTopic == 0) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        while (true) {
            Command cmd = new Command(runId, -1, 0, workload.consumerBacklogSizeGB > 0, 0, false);
            if (!heartbeatAll(cmd)) {
                throw new IOException(incompleteReason);
            }
            Map<String, Long> assigned = new LinkedHashMap<>();
            for (Status s : statuses) {
                s.assignedPartitions().forEach((k, v) -> assigned.merge(k, v, (a, b) -> Math.min(Long.MAX_VALUE / 2, a + b)));
            }
            long subs = (long) workload.topics * workload.subscriptionsPerTopic;
            if (assigned.size() == subs && assigned.values().stream().allMatch(v -> v >= workload.partitionsPerTopic)) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("consumers were not assigned every partition within " + READY_TIMEOUT_MS / 1000
                        + " s (assigned: " + assigned + ")");
            }
            Thread.sleep(200);
        }
    }

    /** One heartbeat to every worker; false when one has failed for good (incompleteReason says why). */
    private boolean heartbeatAll(Command base) {
        for (int i = 0; i < workers.size(); i++) {
            WorkerRef w = workers.get(i);
            Command c = new Command(base.runId(), ackedInterval[i], base.totalRatePerSecond(), base.consumersPaused(),
                    base.endAtRunNs(), base.finish());
            try {
                Status s = w.link().heartbeat(c);
                failingSinceNs[i] = 0;
                statuses[i] = s;
                for (IntervalReport r : s.intervals()) {
                    if (r.index() > ackedInterval[i]) {
                        store.add(r);
                        ackedInterval[i] = r.index();
                    }
                }
                if ("ABORTED".equals(s.state())) {
                    incompleteReason = "worker " + w.link().name() + " stopped: " + s.message();
                    return false;
                }
            } catch (IOException | RuntimeException e) {
                long now = System.nanoTime();
                if (failingSinceNs[i] == 0) {
                    failingSinceNs[i] = now;
                } else if (now - failingSinceNs[i] > TimeUnit.MILLISECONDS.toNanos(WORKER_TIMEOUT_MS)) {
                    incompleteReason = "worker " + w.link().name() + " unreachable for over " + WORKER_TIMEOUT_MS / 1000
                            + " s (" + e.getMessage() + ")";
                    return false;
                }
            }
        }
        return true;
    }

    private void abortAll(String why) {
        for (WorkerRef w : workers) {
            try {
                w.link().abort(runId, why);
            } catch (IOException | RuntimeException e) {
                // Unreachable workers stop by themselves when their lease runs out.
            }
        }
        say("run ended early: " + why);
    }

    private boolean allProducersDone() {
        for (Status s : statuses) {
            if (s == null || !("PRODUCERS_DONE".equals(s.state()) || s.terminal())) {
                return false;
            }
        }
        return true;
    }

    private boolean allTerminal() {
        for (Status s : statuses) {
            if (s == null || !s.terminal()) {
                return false;
            }
        }
        return true;
    }

    private Totals totals() {
        long sent = 0;
        long acked = 0;
        long errors = 0;
        long consumed = 0;
        long foreign = 0;
        for (Status s : statuses) {
            if (s != null) {
                sent += s.sent();
                acked += s.acked();
                errors += s.sendErrors();
                consumed += s.consumed();
                foreign += s.foreign();
            }
        }
        long bytesSent = 0;
        long bytesConsumed = 0;
        for (IntervalStore.Merged m : store.all()) {
            bytesSent += m.bytesSent;
            bytesConsumed += m.bytesConsumed;
        }
        return new Totals(sent, acked, errors, consumed, foreign, bytesSent, bytesConsumed);
    }

    private static String phase(long nowNs, RunTimeline t, Totals totals) {
        if (nowNs - t.startNs() < 0) {
            return "starting";
        }
        if (nowNs - t.measureFromNs() < 0) {
            return "warm-up";
        }
        return nowNs - t.endNs() < 0 ? "test" : "drain";
    }

    private static String seconds(long ns) {
        return dev.crucible.load.workload.Durations.format(java.time.Duration.ofNanos(ns));
    }

    private void say(String line) {
        out.println(line);
        out.flush();
    }
}

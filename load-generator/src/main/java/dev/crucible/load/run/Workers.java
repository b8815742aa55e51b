package dev.crucible.load.run;

import dev.crucible.load.agent.Assignment;
import dev.crucible.load.agent.Command;
import dev.crucible.load.agent.FinalReport;
import dev.crucible.load.agent.IntervalReport;
import dev.crucible.load.agent.Status;
import dev.crucible.load.clock.LoadClock;
import dev.crucible.load.metric.RunClock;
import dev.crucible.load.result.IntervalStore;
import dev.crucible.load.result.RunSettings;
import dev.crucible.load.result.RunTimeline;
import dev.crucible.load.result.Totals;
import dev.crucible.load.workload.Workload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A run's workers as its coordinator sees them: each one's latest status, the newest 1-second report
 * stored from it (the next heartbeat acknowledges it, so the worker drops it), and since when it has
 * been unreachable. Reports go into the run's {@link IntervalStore}. Coordinator thread only.
 */
final class Workers {
    /** How long a worker may stay unreachable before the run is ended. */
    static final long WORKER_TIMEOUT_MS = 5_000;
    private static final long READY_TIMEOUT_MS = 90_000;
    private static final long READY_POLL_MS = 200;

    private final List<WorkerRef> refs;
    private final IntervalStore store;
    private final LoadClock local;
    private final Status[] statuses;
    private final long[] ackedInterval;
    private final long[] failingSinceNs;
    private final boolean[] failing;
    private final List<Map<String, Object>> clocks = new ArrayList<>();

    /** The workers {@code refs}, whose reports go into {@code store}; {@code local} times their failures. */
    Workers(List<WorkerRef> refs, IntervalStore store, LoadClock local) {
        this.refs = List.copyOf(refs);
        this.store = store;
        this.local = local;
        this.statuses = new Status[refs.size()];
        this.ackedInterval = new long[refs.size()];
        this.failingSinceNs = new long[refs.size()];
        this.failing = new boolean[refs.size()];
        Arrays.fill(ackedInterval, -1);
    }

    List<WorkerRef> refs() {
        return refs;
    }

    /** Aligns each worker's clock with {@code clock} and hands it its share of {@code plan}. */
    void prepare(String runId, Plan plan, RunSettings settings, long leaseMs, RunClock clock) throws IOException {
        for (int i = 0; i < refs.size(); i++) {
            WorkerRef w = refs.get(i);
            RunClock workerClock = ClockAlignment.align(w.link(), clock);
            clocks.add(ClockAlignment.row(w.link(), workerClock));
            Assignment a = new Assignment(runId, settings.workload(), settings.driver(), settings.bootstrap(), plan.producers(i),
                    plan.consumers(i), workerClock.offsetNs(), workerClock.errorBoundNs(), workerClock.method(), leaseMs);
            statuses[i] = w.link().prepare(a);
        }
    }

    /**
     * Heartbeats (consumers paused as the run starts) until every subscription's consumers hold every
     * partition; IOException when a worker fails or the consumers are not ready within 90 s.
     */
    void awaitConsumers(String runId, Workload workload) throws IOException, InterruptedException {
        if (workload.subscriptionsPerTopic() == 0) {
            return;
        }
        long deadlineNs = local.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MS);
        Command cmd = new Command(runId, -1, 0, workload.consumerBacklogSizeGB() > 0, 0, false);
        long subscriptions = (long) workload.topics() * workload.subscriptionsPerTopic();
        while (true) {
            String failure = heartbeat(cmd);
            if (failure != null) {
                throw new IOException(failure);
            }
            Map<String, Long> assigned = assignedPartitions();
            if (assigned.size() == subscriptions && assigned.values().stream().allMatch(v -> v >= workload.partitionsPerTopic())) {
                return;
            }
            if (local.nanoTime() - deadlineNs > 0) {
                throw new IOException("consumers were not assigned every partition within " + READY_TIMEOUT_MS / 1000
                        + " s (assigned: " + assigned + ")");
            }
            local.sleep(TimeUnit.MILLISECONDS.toNanos(READY_POLL_MS));
        }
    }

    /** Starts every worker's producers on {@code timeline}. */
    void start(String runId, RunTimeline timeline) throws IOException {
        for (int i = 0; i < refs.size(); i++) {
            statuses[i] = refs.get(i).link().start(runId, timeline.startNs(), timeline.measureFromNs(), timeline.endNs());
        }
    }

    /**
     * One heartbeat to every worker with {@code base} (each acknowledging that worker's newest stored
     * report); the reason the run must end when a worker stopped or stayed unreachable too long, else null.
     */
    String heartbeat(Command base) {
        for (int i = 0; i < refs.size(); i++) {
            WorkerRef w = refs.get(i);
            Command c = new Command(base.runId(), ackedInterval[i], base.totalRatePerSecond(), base.consumersPaused(),
                    base.endAtRunNs(), base.finish());
            try {
                Status s = w.link().heartbeat(c);
                failing[i] = false;
                statuses[i] = s;
                for (IntervalReport r : s.intervals()) {
                    if (r.index() > ackedInterval[i]) {
                        store.add(r);
                        ackedInterval[i] = r.index();
                    }
                }
                if ("ABORTED".equals(s.state())) {
                    return "worker " + w.link().name() + " stopped: " + s.message();
                }
            } catch (IOException | RuntimeException e) {
                long nowNs = local.nanoTime();
                if (!failing[i]) {
                    failing[i] = true;
                    failingSinceNs[i] = nowNs;
                } else if (nowNs - failingSinceNs[i] > TimeUnit.MILLISECONDS.toNanos(WORKER_TIMEOUT_MS)) {
                    return "worker " + w.link().name() + " unreachable for over " + WORKER_TIMEOUT_MS / 1000
                            + " s (" + e.getMessage() + ")";
                }
            }
        }
        return null;
    }

    /** Tells every worker to stop; unreachable ones stop by themselves when their lease runs out. */
    void abortAll(String runId, String why) {
        for (WorkerRef w : refs) {
            try {
                w.link().abort(runId, why);
            } catch (IOException | RuntimeException e) {
                // Their lease ends them.
            }
        }
    }

    /** Every worker's producers are done (or the worker has nothing more to do). */
    boolean allProducersDone() {
        for (Status s : statuses) {
            if (s == null || !("PRODUCERS_DONE".equals(s.state()) || s.terminal())) {
                return false;
            }
        }
        return true;
    }

    /** Every worker has nothing more to do in this run. */
    boolean allTerminal() {
        for (Status s : statuses) {
            if (s == null || !s.terminal()) {
                return false;
            }
        }
        return true;
    }

    /** Running totals over every worker's latest status, and bytes over the stored reports. */
    Totals totals() {
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

    /** The final reports of the workers that finished. */
    List<FinalReport> finalReports() {
        List<FinalReport> finals = new ArrayList<>();
        for (Status s : statuses) {
            if (s != null && s.finalReport() != null) {
                finals.add(s.finalReport());
            }
        }
        return finals;
    }

    /** How each worker's clock was aligned, for run.json. */
    List<Map<String, Object>> clocks() {
        return clocks;
    }

    /** Per subscription, partitions its consumers hold, over every worker. */
    private Map<String, Long> assignedPartitions() {
        Map<String, Long> assigned = new LinkedHashMap<>();
        for (Status s : statuses) {
            s.assignedPartitions().forEach((k, v) -> assigned.merge(k, v, (a, b) -> Math.min(Long.MAX_VALUE / 2, a + b)));
        }
        return assigned;
    }
}

package dev.crucible.chaos.nemesis;

import dev.crucible.chaos.cluster.Liveness;
import dev.crucible.chaos.history.HistoryRecorder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Plays a schedule on its own thread: at each fault's start the nemesis acts and the start goes into
 * the history as a {@code :nemesis} event with the probe's evidence; at its end the fault is healed
 * and that goes in too, with whether every node answers the Kafka protocol right after (a fault
 * must never leave the target unable to answer). {@link #stopAndHeal()} ends the schedule early and
 * heals what is active. Time is the history recorder's, on the run's clock.
 */
public final class NemesisRunner implements Runnable {
    /** The longest a wait goes without reading the clock again. */
    private static final long CLOCK_LOOK_MS = 100;

    private final Schedule schedule;
    private final Map<String, Nemesis> nemeses;
    private final HistoryRecorder recorder;
    private final Random random;
    private final Consumer<String> progress;
    private final Liveness liveness;
    private final List<FaultWindow> windows = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private final Object lock = new Object();
    private boolean stopping;
    private long clientStartNanos;

    /**
     * @param liveness probes every node after each heal
     */
    public NemesisRunner(Schedule schedule, Map<String, Nemesis> nemeses, HistoryRecorder recorder, long seed,
            Liveness liveness, Consumer<String> progress) {
        this.schedule = schedule;
        this.nemeses = Map.copyOf(nemeses);
        this.recorder = recorder;
        this.random = new Random(seed);
        this.progress = progress;
        this.liveness = liveness;
        for (FaultEvent e : schedule.events()) {
            if (!this.nemeses.containsKey(e.nemesis())) {
                throw new IllegalArgumentException("the schedule names nemesis \"" + e.nemesis()
                        + "\", which this run does not have (it has: " + String.join(", ", this.nemeses.keySet()) + ")");
            }
        }
    }

    /** Set before the thread starts: the history time (ns) the schedule counts from. */
    public void clientStart(long historyNanos) {
        this.clientStartNanos = historyNanos;
    }

    @Override
    public void run() {
        for (FaultEvent e : schedule.events()) {
            if (!sleepUntil(e.startMs())) {
                return;
            }
            Nemesis nemesis = nemeses.get(e.nemesis());
            double from = seconds();
            recorder.nemesis("start-" + e.nemesis(), e.params().isEmpty() ? null : e.params());
            Nemesis.ActiveFault fault;
            try {
                fault = nemesis.start(random, e.params());
            } catch (Exception x) {
                String error = e.nemesis() + " did not start: " + x;
                recordError(error);
                recorder.nemesis("start-" + e.nemesis(), Map.of("error", error));
                continue;
            }
            String probe = fault.probe();
            recorder.nemesis("start-" + e.nemesis(), facts(fault.description(), probe));
            progress.accept(String.format("%6.1fs  fault  %s  [%s]", from, fault.description(), probe));
            sleepUntil(e.startMs() + e.durationMs());
            double to = seconds();
            recorder.nemesis("stop-" + e.nemesis(), null);
            String healed;
            try {
                healed = fault.heal();
            } catch (Exception x) {
                healed = "heal FAILED: " + x;
                recordError(e.nemesis() + ": " + healed);
            }
            Liveness.Check answers = liveness.check(String.format("healing %s at %.1f s", e.nemesis(), to));
            Map<String, Object> facts = facts(fault.description(), healed);
            facts.put("answers", answers.evidence());
            recorder.nemesis("stop-" + e.nemesis(), facts);
            progress.accept(String.format("%6.1fs  healed %s  [%s]", seconds(), fault.description(), healed));
            if (!answers.answered()) {
                progress.accept(String.format("%6.1fs  NOT ANSWERING after healing %s: %s", seconds(), e.nemesis(),
                        answers.evidence()));
            }
            synchronized (lock) {
                windows.add(new FaultWindow(e.nemesis(), from, to, fault.description(), probe, healed, answers.evidence()));
            }
        }
    }

    private static Map<String, Object> facts(String description, String probe) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fault", description);
        m.put("probe", probe);
        return m;
    }

    private void recordError(String error) {
        synchronized (lock) {
            errors.add(error);
        }
        progress.accept("nemesis error: " + error);
    }

    private double seconds() {
        return (recorder.now() - clientStartNanos) / 1e9;
    }

    /**
     * Sleeps until {@code ms} after client start on the run's clock (the history's), looking at it
     * again at least every {@link #CLOCK_LOOK_MS} so a clock a test drives is followed; returns early
     * (false) when stopping. A heal always waits its turn.
     */
    private boolean sleepUntil(long ms) {
        synchronized (lock) {
            while (!stopping) {
                long left = ms - (long) (seconds() * 1000);
                if (left <= 0) {
                    return true;
                }
                try {
                    lock.wait(Math.min(left, CLOCK_LOOK_MS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    stopping = true;
                }
            }
            return false;
        }
    }

    /** Ends the schedule: an active fault is healed at once; later ones never start. */
    public void stopAndHeal() {
        synchronized (lock) {
            stopping = true;
            lock.notifyAll();
        }
    }

    /** Every fault that happened, in order. */
    public List<FaultWindow> windows() {
        synchronized (lock) {
            return List.copyOf(windows);
        }
    }

    /** Nemeses that failed to start or heal. */
    public List<String> errors() {
        synchronized (lock) {
            return List.copyOf(errors);
        }
    }
}

package dev.crucible.load.agent;

import dev.crucible.load.clock.LoadClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A load agent: runs the producers and consumers of one run at a time. Every call names the run;
 * a call for another run while one is active is refused ({@link FencedException}); repeating a call
 * is harmless. The same object serves the coordinator in-process and, behind {@code WorkerServer},
 * over HTTP.
 */
public final class Agent {
    private final LoadClock clock;
    private AgentRun run;

    /** An agent on this host's clock. */
    public Agent() {
        this(LoadClock.system());
    }

    /** An agent whose runs read and wait on {@code clock}. */
    public Agent(LoadClock clock) {
        this.clock = clock;
    }

    /** Thrown when a call names a run other than the agent's active one. */
    public static final class FencedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FencedException(String message) {
            super(message);
        }
    }

    /** This host's monotonic clock and boot id, so a coordinator can tell whether it shares the clock. */
    public record ClockProbe(long nanoTime, String bootId) {}

    /** Reads the clock. */
    public ClockProbe probe() {
        return new ClockProbe(clock.nanoTime(), bootId());
    }

    /** The kernel's boot id: equal on two processes only when they share a host and its monotonic clock. */
    public static String bootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        } catch (IOException e) {
            return "unknown-" + ProcessHandle.current().pid();
        }
    }

    /** Creates the run's clients and starts its consumers; idempotent for the same run id. */
    public synchronized Status prepare(Assignment a) {
        if (run != null && run.assignment.runId().equals(a.runId())) {
            return run.status();
        }
        if (run != null && !terminal()) {
            throw new FencedException("busy with run " + run.assignment.runId());
        }
        AgentRun next = new AgentRun(a, clock);
        run = next;
        next.startConsumers();
        return next.status();
    }

    /** Starts the producers' schedule; idempotent. */
    public synchronized Status start(String runId, long startAtNs, long measureFromNs, long endNs) {
        AgentRun r = fenced(runId);
        if ("PREPARED".equals(r.state())) {
            r.start(startAtNs, measureFromNs, endNs);
        }
        return r.status();
    }

    /** Keeps the lease, applies the command, returns the status. */
    public synchronized Status heartbeat(Command c) {
        AgentRun r = fenced(c.runId());
        r.apply(c);
        return r.status();
    }

    /** The run's status, without renewing the lease. */
    public synchronized Status status(String runId) {
        return fenced(runId).status();
    }

    /** Stops the run's load now. */
    public synchronized Status abort(String runId, String why) {
        AgentRun r = fenced(runId);
        r.abort(why);
        return r.status();
    }

    private AgentRun fenced(String runId) {
        if (run == null || !run.assignment.runId().equals(runId)) {
            throw new FencedException("no run " + runId + " here" + (run == null ? "" : " (active: " + run.assignment.runId() + ")"));
        }
        return run;
    }

    private boolean terminal() {
        String s = run.state();
        return "FINISHED".equals(s) || "ABORTED".equals(s);
    }
}

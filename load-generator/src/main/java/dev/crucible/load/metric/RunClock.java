package dev.crucible.load.metric;

import dev.crucible.load.clock.LoadClock;

/**
 * The clock every message time is read from: this host's monotonic clock ({@link LoadClock#nanoTime},
 * CLOCK_MONOTONIC on Linux, shared by every process of one boot) plus an offset that maps it onto the
 * coordinator's. Workers on the coordinator's host use offset 0, so their times are exact; workers
 * on other hosts estimate the offset from the round trip of a clock probe, and its error bound is
 * recorded with the run.
 */
public final class RunClock {
    private final LoadClock local;
    private final long offsetNs;
    private final long errorBoundNs;
    private final String method;

    /** A clock {@code offsetNs} ahead of {@code local}, this host's monotonic clock. */
    public RunClock(LoadClock local, long offsetNs, long errorBoundNs, String method) {
        this.local = local;
        this.offsetNs = offsetNs;
        this.errorBoundNs = errorBoundNs;
        this.method = method;
    }

    /** The coordinator's own clock, or a worker on its host: {@code local} unchanged. */
    public static RunClock sharedMonotonic(LoadClock local) {
        return new RunClock(local, 0, 0, "shared-monotonic");
    }

    /** Now, in run-clock nanoseconds. */
    public long nowNs() {
        return local.nanoTime() + offsetNs;
    }

    /** Run-clock time to this host's monotonic clock. */
    public long toLocalNs(long runNs) {
        return runNs - offsetNs;
    }

    /** The host clock it reads, and waits on. */
    public LoadClock local() {
        return local;
    }

    /** Offset added to this host's clock. */
    public long offsetNs() {
        return offsetNs;
    }

    /** How far the offset may be from the truth (half the probe's round trip); 0 when shared. */
    public long errorBoundNs() {
        return errorBoundNs;
    }

    /** "shared-monotonic" or "probe-min-rtt". */
    public String method() {
        return method;
    }
}

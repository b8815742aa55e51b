package dev.crucible.load.clock;

import java.time.Instant;

/**
 * Where the load generator reads time and waits for it. Production code uses {@link #system()}; a
 * test passes a clock it moves itself, so schedules, leases and deadlines are checked by driving
 * time rather than by waiting for it.
 *
 * <p>Two readings: {@link #nanoTime()} is monotonic (only differences mean anything; compare
 * deadlines by subtraction, {@code deadlineNs - nowNs < 0}) and every interval and deadline is
 * taken from it; {@link #now()} is wall-clock time, read only for what people and files show (run
 * start and end, directory names, run ids). The waits go through the clock too, so a clock that
 * moves its own time also decides when a waiting thread runs again.
 */
public interface LoadClock {
    /** The clock of this host: {@link System#nanoTime()}, {@link Instant#now()}, sleeping and parking threads. */
    static LoadClock system() {
        return SystemClock.INSTANCE;
    }

    /** Monotonic nanoseconds, as {@link System#nanoTime()}. */
    long nanoTime();

    /** Wall-clock time. */
    Instant now();

    /** Waits {@code ns} nanoseconds, as {@link Thread#sleep(long)}. */
    void sleep(long ns) throws InterruptedException;

    /**
     * Waits at most {@code ns} nanoseconds, as {@link java.util.concurrent.locks.LockSupport#parkNanos(long)}:
     * an {@link #unpark}, an interrupt or a spurious wake-up end it early, so the caller re-reads the
     * clock and its condition.
     */
    void park(long ns);

    /** Ends a {@link #park} of {@code thread}, or makes its next one return at once. */
    void unpark(Thread thread);

    /** One step of a busy wait for a moment too close for {@link #park}, as {@link Thread#onSpinWait()}. */
    void onSpinWait();
}

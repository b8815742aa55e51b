package dev.crucible.broker.group;

import org.agrona.concurrent.EpochClock;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's view of time: "now" from the injected clock and delayed work on the injected
 * scheduler, so a test drives both. Every task re-reads the clock when it runs and compares deadlines
 * by subtraction; the scheduler only decides when to look.
 */
final class GroupTimers {
    private final ScheduledExecutorService executor;
    private final EpochClock clock;

    GroupTimers(ScheduledExecutorService executor, EpochClock clock) {
        this.executor = executor;
        this.clock = clock;
    }

    long nowMs() {
        return clock.time();
    }

    /** Runs {@code task} after {@code delayMs}; null when the scheduler has shut down. */
    ScheduledFuture<?> after(long delayMs, Runnable task) {
        try {
            return executor.schedule(task, Math.max(0, delayMs), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            return null;
        }
    }

    static void cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}

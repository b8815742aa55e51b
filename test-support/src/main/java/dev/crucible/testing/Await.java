package dev.crucible.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waits for something another thread or process does, with a deadline: the way a test says "this
 * happens", instead of sleeping and hoping. A test that must show something does NOT happen drives
 * the clock of the code under test instead (injected clocks), never a sleep.
 */
public final class Await {
    /** Long enough for a loaded 2-core machine; a passing test waits only as long as the condition takes. */
    public static final Duration DEFAULT = Duration.ofSeconds(30);
    private static final long POLL_NS = 2_000_000;

    private Await() {
    }

    /** Waits up to {@link #DEFAULT} for {@code condition}. */
    public static void until(String what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    /** Waits up to {@link #DEFAULT}; the description computed only on failure. */
    public static void until(Supplier<String> what, BooleanSupplier condition) {
        until(what, DEFAULT, condition);
    }

    /**
     * Waits until {@code condition} holds.
     *
     * @throws AssertionError naming {@code what} when the deadline passes first
     */
    public static void until(String what, Duration timeout, BooleanSupplier condition) {
        until(() -> what, timeout, condition);
    }

    /** As {@link #until(String, Duration, BooleanSupplier)}, the description computed only on failure. */
    public static void until(Supplier<String> what, Duration timeout, BooleanSupplier condition) {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadlineNs > 0) {
                throw new AssertionError("waited " + timeout.toMillis() + " ms for " + what.get());
            }
            try {
                Thread.sleep(POLL_NS / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for " + what.get(), e);
            }
        }
    }
}

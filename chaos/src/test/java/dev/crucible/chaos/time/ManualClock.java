package dev.crucible.chaos.time;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A run clock that stands still until a test moves it; both readings move together. */
public final class ManualClock implements RunClock {
    private static final long EPOCH_MS = 1_700_000_000_000L;

    private final AtomicLong nanos = new AtomicLong();
    private final long stepNanos;

    /** A clock that moves only when told. */
    public ManualClock() {
        this(Duration.ZERO);
    }

    /** A clock that also moves by {@code step} each time it is read (for code that waits on it in a loop). */
    public ManualClock(Duration step) {
        this.stepNanos = step.toNanos();
    }

    /** Moves the clock forward. */
    public void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
    }

    @Override
    public long nanoTime() {
        return nanos.getAndAdd(stepNanos);
    }

    @Override
    public long epochMillis() {
        return EPOCH_MS + nanos.get() / 1_000_000;
    }
}

package dev.crucible.chaos.client;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Spaces one worker's operations at least {@code 1/rate} apart; ends early when told to stop. */
final class Pacer {
    private final long gapNanos;
    private final AtomicBoolean stop;
    private long next = System.nanoTime();

    Pacer(double perSecond, AtomicBoolean stop) {
        this.gapNanos = perSecond <= 0 ? 0 : (long) (TimeUnit.SECONDS.toNanos(1) / perSecond);
        this.stop = stop;
    }

    /** Waits for the next slot; false when the run is stopping. A late op does not make later ones bunch up. */
    boolean await() throws InterruptedException {
        long now = System.nanoTime();
        next = Math.max(next + gapNanos, now);
        while (!stop.get()) {
            long wait = next - System.nanoTime();
            if (wait <= 0) {
                return true;
            }
            TimeUnit.NANOSECONDS.sleep(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)));
        }
        return false;
    }
}

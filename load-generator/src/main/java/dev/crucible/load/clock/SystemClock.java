package dev.crucible.load.clock;

import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** {@link LoadClock#system()}: this host's clocks and the JDK's waits. */
enum SystemClock implements LoadClock {
    INSTANCE;

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public void sleep(long ns) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(ns);
    }

    @Override
    public void park(long ns) {
        LockSupport.parkNanos(ns);
    }

    @Override
    public void unpark(Thread thread) {
        LockSupport.unpark(thread);
    }

    @Override
    public void onSpinWait() {
        Thread.onSpinWait();
    }
}

package dev.crucible.load.clock;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link LoadClock} whose time moves only when the test calls {@link #advance}. A thread that
 * sleeps, parks or spins on it waits until time moves (a park also ends at an {@link #unpark}), so
 * what is due at a given time is decided by the test, not by how fast the machine is.
 *
 * <p>{@link #advance} first waits until every live thread that has used the clock is waiting on it
 * ("quiet"), moves time, wakes them, and waits until they are quiet again: when it returns, every
 * thread has done all that was due by the new time, and nothing that was not. Those waits have a
 * real-time deadline ({@value #QUIET_TIMEOUT_S} s) and fail the test when a thread never settles.
 */
public final class ManualClock implements LoadClock {
    private static final long QUIET_TIMEOUT_S = 20;
    private static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");

    private final Set<Thread> users = ConcurrentHashMap.newKeySet();
    private final Set<Thread> waiting = new HashSet<>();
    private volatile long nowNs;

    /** A clock reading {@code startNs}. */
    public ManualClock(long startNs) {
        this.nowNs = startNs;
    }

    @Override
    public long nanoTime() {
        return nowNs;
    }

    @Override
    public Instant now() {
        return EPOCH.plusNanos(nowNs);
    }

    @Override
    public void sleep(long ns) throws InterruptedException {
        long wakeNs = nowNs + ns;
        while (nowNs - wakeNs < 0) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            waitForTime();
        }
    }

    @Override
    public void park(long ns) {
        if (ns > 0) {
            waitForTime();
        }
    }

    @Override
    public void unpark(Thread thread) {
        synchronized (this) {
            waiting.remove(thread);
        }
        LockSupport.unpark(thread);
    }

    @Override
    public void onSpinWait() {
        waitForTime();
    }

    /** Moves time {@code ns} forward once every thread on the clock waits; returns when they wait again. */
    public void advance(long ns) {
        awaitQuiet();
        List<Thread> wake;
        synchronized (this) {
            nowNs += ns;
            wake = new ArrayList<>(waiting);
            waiting.clear();
        }
        wake.forEach(LockSupport::unpark);
        awaitQuiet();
    }

    /**
     * Waits until every live thread that has used the clock, and each of {@code expected} (which may not
     * have used it yet), waits on it or has ended.
     */
    public void awaitQuiet(Thread... expected) {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(QUIET_TIMEOUT_S);
        List<Thread> busy;
        while (!(busy = busy(expected)).isEmpty()) {
            if (System.nanoTime() - deadlineNs > 0) {
                throw new AssertionError("threads still running on the manual clock after " + QUIET_TIMEOUT_S + " s: " + busy);
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /**
     * Waits until {@code count} threads have used the clock (threads started inside the code under test,
     * which the test cannot name) and every live one waits on it.
     */
    public void awaitThreads(int count) {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(QUIET_TIMEOUT_S);
        while (users.size() < count) {
            if (System.nanoTime() - deadlineNs > 0) {
                throw new AssertionError(users.size() + " threads used the manual clock, expected " + count + ": " + users);
            }
            LockSupport.parkNanos(100_000);
        }
        awaitQuiet();
    }

    private synchronized List<Thread> busy(Thread... expected) {
        List<Thread> busy = new ArrayList<>();
        for (Thread t : users) {
            if (t.isAlive() && !waiting.contains(t)) {
                busy.add(t);
            }
        }
        for (Thread t : expected) {
            if (t.isAlive() && !waiting.contains(t) && !busy.contains(t)) {
                busy.add(t);
            }
        }
        return busy;
    }

    /** Waits until time moves or the thread is unparked (or a spurious wake-up: callers re-check). */
    private void waitForTime() {
        Thread me = Thread.currentThread();
        users.add(me);
        synchronized (this) {
            waiting.add(me);
        }
        LockSupport.park(this);
        synchronized (this) {
            waiting.remove(me);
        }
    }
}

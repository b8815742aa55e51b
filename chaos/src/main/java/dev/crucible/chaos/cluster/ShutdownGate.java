package dev.crucible.chaos.cluster;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Orders the JVM's shutdown hooks, which otherwise all start at once: while a run holds the gate
 * (it is healing faults, reading everything back and writing its verdict after Ctrl-C), the hooks
 * that stop nodes, peers and network namespaces wait for it, at most {@link #MAX_WAIT_SECONDS}.
 */
public final class ShutdownGate {
    /** The longest a stopping hook waits for the run: heal, final read and check are each bounded below it. */
    public static final long MAX_WAIT_SECONDS = 300;

    private static volatile CountDownLatch held = new CountDownLatch(0);

    private ShutdownGate() {}

    /** Closes the gate until the returned handle is closed. */
    public static AutoCloseable hold() {
        CountDownLatch latch = new CountDownLatch(1);
        held = latch;
        return latch::countDown;
    }

    /** Waits (bounded) until no run holds the gate; called first by every stopping hook. */
    public static void await() {
        try {
            held.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.crucible.launch.process;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Orders the JVM's shutdown hooks, which otherwise all start at once. A run that must finish its
 * work after Ctrl-C (heal faults, read everything back, write its verdict) holds the gate; every
 * {@link StopHook} (stopping nodes, clusters, network namespaces) waits for it, at most
 * {@link #MAX_WAIT_SECONDS}. Nobody holding it, the hooks go at once.
 */
public final class ShutdownGate {
    /** The longest a stopping hook waits for the holder: its own steps are each bounded below this. */
    public static final long MAX_WAIT_SECONDS = 300;

    private static volatile CountDownLatch held = new CountDownLatch(0);

    private ShutdownGate() {}

    /** The gate held until {@link #close()}; if the JVM is asked to exit meanwhile, its hook tells the holder. */
    public static final class Hold implements AutoCloseable {
        private final CountDownLatch latch;
        private final Thread hook;

        private Hold(CountDownLatch latch, Thread hook) {
            this.latch = latch;
            this.hook = hook;
        }

        /** Opens the gate: the waiting hooks (and the JVM's exit) go on. */
        @Override
        public void close() {
            latch.countDown();
            StopHook.unregister(hook);
        }
    }

    /**
     * Closes the gate until the returned hold is closed. Should the JVM be asked to exit first
     * (SIGTERM, Ctrl-C), {@code onExit} runs on a hook thread (e.g. to make the holder wind up
     * early) and the exit waits, bounded, for the hold to close.
     */
    public static Hold hold(String name, Runnable onExit) {
        CountDownLatch latch = new CountDownLatch(1);
        held = latch;
        Thread hook = new Thread(() -> {
            if (latch.getCount() > 0) {
                onExit.run();
                awaitQuietly(latch);
            }
        }, name);
        Runtime.getRuntime().addShutdownHook(hook);
        return new Hold(latch, hook);
    }

    /** Waits (bounded) until no one holds the gate; called first by every stopping hook. */
    public static void await() {
        awaitQuietly(held);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

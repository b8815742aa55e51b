package dev.crucible.launch.process;

import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * What a foreground command does once its service runs (a broker, a peer, a worker): wait until
 * the JVM is asked to exit (SIGTERM, Ctrl-C), then close what it started, in the order given, before
 * the JVM goes.
 *
 * <pre>{@code
 * Foreground foreground = Foreground.closeAtExit("crucible-peer-stop", peer);
 * out.println("ready; Ctrl-C stops it");   // registered first: no window where a signal skips the close
 * foreground.await();
 * }</pre>
 */
public final class Foreground {
    private final CountDownLatch closed;

    private Foreground(CountDownLatch closed) {
        this.closed = closed;
    }

    /**
     * Registers a shutdown hook named {@code name} that closes {@code inOrder} one after another (a
     * failing close is reported on stderr and the next one still runs).
     */
    public static Foreground closeAtExit(String name, AutoCloseable... inOrder) {
        List<AutoCloseable> closeables = List.of(inOrder);
        CountDownLatch closed = new CountDownLatch(1);
        StopHook.register(name, () -> {
            for (AutoCloseable c : closeables) {
                closeQuietly(c);
            }
            closed.countDown();
        });
        return new Foreground(closed);
    }

    /** Blocks until the JVM is asked to exit and everything is closed; the JVM then exits with the signal's status. */
    public void await() throws InterruptedException {
        closed.await();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            System.err.println("crucible: closing " + c + " at exit: " + e);
        }
    }
}

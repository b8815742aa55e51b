package dev.crucible.chaos.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * An accepted client connection and the proxy's own connection to the upstream, joined by two
 * {@link Pipe}s; four daemon threads, named {@code <prefix><id>-up-read} and so on.
 *
 * <p>How a pair ends:
 * <ul>
 *   <li>A clean end of stream on one side half-closes the other (after latency and slow close).
 *       When both ways have ended, both sockets close. If the other way has not ended after
 *       {@link #HALF_CLOSE_LINGER_MS}, the pair closes anyway, so a pair never outlives both
 *       peers' interest in it.
 *   <li>A reset or failure on one side (read error, write error, unreachable upstream) resets both
 *       sides: SO_LINGER 0, then close, so each peer sees a TCP RST.
 *   <li>{@link #abort()} and {@link #close()} from outside: reset, or plain close.
 * </ul>
 */
final class ConnectionPair {
    /** How long the proxy waits for the upstream to accept a connection. */
    static final int CONNECT_TIMEOUT_MS = 10_000;
    /** How long one way may stay open after the other has ended. */
    static final long HALF_CLOSE_LINGER_MS = 10_000;

    private final long id;
    private final String threadPrefix;
    private final Socket client;
    private final Socket upstream = new Socket();
    private final InetSocketAddress upstreamAddress;
    private final ProxyCounters counters;
    private final Pipe up;
    private final Pipe down;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closedLatch = new CountDownLatch(1);
    private final AtomicInteger waysEnded = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>(4); // guarded by this

    ConnectionPair(long id, String threadPrefix, Socket client, InetSocketAddress upstreamAddress,
            Supplier<Faults> faults, ProxyCounters counters, long proxySeed) {
        this.id = id;
        this.threadPrefix = threadPrefix;
        this.client = client;
        this.upstreamAddress = upstreamAddress;
        this.counters = counters;
        this.up = new Pipe(Direction.UPSTREAM, client, upstream, this, faults, counters,
                DelaySchedule.seedFor(proxySeed, id, Direction.UPSTREAM));
        this.down = new Pipe(Direction.DOWNSTREAM, upstream, client, this, faults, counters,
                DelaySchedule.seedFor(proxySeed, id, Direction.DOWNSTREAM));
    }

    /** Connects to the upstream and starts forwarding, on threads of the pair's own. */
    void start() {
        spawn("up-read", this::connectThenForward);
    }

    private void connectThenForward() {
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(upstreamAddress, CONNECT_TIMEOUT_MS);
        } catch (IOException e) {
            abort(); // the client sees a reset, the nearest thing to the refused connect behind us
            return;
        }
        spawn("up-write", up::writeLoop);
        spawn("down-read", down::readLoop);
        spawn("down-write", down::writeLoop);
        up.readLoop();
    }

    /** Called by a writer once it has passed on the end of its way; may wait for the other way. */
    void halfClosed() throws InterruptedException {
        if (waysEnded.incrementAndGet() == 2
                || !closedLatch.await(HALF_CLOSE_LINGER_MS, TimeUnit.MILLISECONDS)) {
            close();
        }
    }

    /** Resets both sides: each peer sees a TCP RST. No effect once closed. */
    void abort() {
        end(true);
    }

    /** Closes both sides plainly. No effect once closed. */
    void close() {
        end(false);
    }

    boolean isClosed() {
        return closed.get();
    }

    /** True once closed and every thread of the pair has ended. */
    synchronized boolean ended() {
        return closed.get() && threads.stream().noneMatch(Thread::isAlive);
    }

    /** Waits until every thread of the pair has ended, or until {@code deadlineNs}. */
    void join(long deadlineNs) throws InterruptedException {
        List<Thread> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(threads);
        }
        for (Thread thread : snapshot) {
            long waitMs = TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime());
            if (waitMs > 0) {
                thread.join(waitMs);
            }
        }
    }

    private void end(boolean reset) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (reset) {
            counters.reset();
            lingerZero(client);
            lingerZero(upstream);
        }
        closeQuietly(client);
        closeQuietly(upstream);
        closedLatch.countDown();
        interruptOthers(); // wakes threads waiting on a queue, a chunk or a release time
    }

    private synchronized void spawn(String role, Runnable body) {
        if (closed.get()) {
            return; // closed while connecting: the remaining threads are not needed
        }
        Thread thread = new Thread(body, threadPrefix + id + "-" + role);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }

    private synchronized void interruptOthers() {
        for (Thread thread : threads) {
            if (thread != Thread.currentThread()) {
                thread.interrupt();
            }
        }
    }

    /** Accepted and dropped at once with a TCP RST, as {@link Faults#refuseNew()} asks. */
    static void reset(Socket socket) {
        lingerZero(socket);
        closeQuietly(socket);
    }

    private static void lingerZero(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // Already closed: nothing left to reset.
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing is all we wanted.
        }
    }
}

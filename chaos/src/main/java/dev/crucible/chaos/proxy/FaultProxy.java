package dev.crucible.chaos.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * A TCP proxy that makes network faults without root or netem: latency and jitter, a bandwidth
 * cap, blackholes either way, refused connections, resets and slow closes (see {@link Faults}).
 * Every accepted connection is forwarded to one upstream; a Kafka broker that advertises the
 * proxy's address has all its client traffic pass through it.
 *
 * <p>Plain blocking sockets: an acceptor thread, and per connection four daemon threads (a reader
 * and a writer each way; see {@link ConnectionPair} and {@link Pipe}), named
 * {@code crucible-proxy-<name>-accept} and
 * {@code crucible-proxy-<name>-<id>-<up|down>-<read|write>}.
 * Each direction holds at most 1 MiB in flight, so under latency L one connection moves at most
 * 1 MiB / L each way.
 *
 * <p>Jitter comes from generators seeded from the proxy's seed, the connection's number and the
 * direction, so a run with the same seed draws the same delays for the same chunks.
 */
public final class FaultProxy implements AutoCloseable {
    /** The seed {@link #start(String, InetSocketAddress, InetSocketAddress)} uses. */
    public static final long DEFAULT_SEED = 0x0C2C1B1EL;

    private static final int BACKLOG = 128;
    private static final long ACCEPT_ERROR_PAUSE_NS = 10_000_000L;
    private static final long CLOSE_JOIN_TIMEOUT_NS = 5_000_000_000L;

    private final String name;
    private final String threadPrefix;
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final long seed;
    private final ProxyCounters counters = new ProxyCounters();
    // Pairs whose threads may still run; the acceptor prunes those that have ended.
    private final Set<ConnectionPair> pairs = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Thread acceptor;
    private volatile Faults faults = Faults.NONE;
    private long nextConnectionId; // acceptor thread only

    private FaultProxy(String name, ServerSocket server, InetSocketAddress upstream, long seed) {
        this.name = name;
        this.threadPrefix = "crucible-proxy-" + name + "-";
        this.server = server;
        this.upstream = upstream;
        this.seed = seed;
        this.acceptor = new Thread(this::acceptLoop, threadPrefix + "accept");
        this.acceptor.setDaemon(true);
    }

    /**
     * Listens on {@code listen} (port 0: any free port) and forwards every accepted connection to
     * {@code upstream}, with no faults until {@link #set(Faults)}; jitter seeded with
     * {@link #DEFAULT_SEED}.
     */
    public static FaultProxy start(String name, InetSocketAddress listen, InetSocketAddress upstream)
            throws IOException {
        return start(name, listen, upstream, DEFAULT_SEED);
    }

    /** As {@link #start(String, InetSocketAddress, InetSocketAddress)}, jitter seeded with seed. */
    public static FaultProxy start(String name, InetSocketAddress listen, InetSocketAddress upstream,
            long seed) throws IOException {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(upstream, "upstream");
        ServerSocket server = new ServerSocket();
        try {
            server.setReuseAddress(true); // a proxy restarted on a fixed port must not wait for TIME_WAIT
            server.bind(listen, BACKLOG);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        FaultProxy proxy = new FaultProxy(name, server, upstream, seed);
        proxy.acceptor.start();
        return proxy;
    }

    /** The name given at start. */
    public String name() {
        return name;
    }

    /** The address actually bound (the port is the real one when 0 was asked for). */
    public InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** The address connections are forwarded to. */
    public InetSocketAddress upstream() {
        return upstream;
    }

    /** Applies {@code faults} from now on, to open connections and new ones. */
    public void set(Faults faults) {
        this.faults = Objects.requireNonNull(faults, "faults");
    }

    /** The faults applied now. */
    public Faults faults() {
        return faults;
    }

    /** Removes every fault, refusing new connections included. Bytes already swallowed stay gone. */
    public void heal() {
        set(Faults.NONE);
    }

    /** Resets every open connection pair: both peers see a TCP RST, not a clean end of stream. */
    public void resetAll() {
        for (ConnectionPair pair : pairs) {
            pair.abort();
        }
    }

    /** The counters now. */
    public ProxyStats stats() {
        long open = pairs.stream().filter(pair -> !pair.isClosed()).count();
        return counters.snapshot(open);
    }

    /**
     * Stops accepting, closes every connection pair and waits (up to 5 s) for all the proxy's
     * threads to end; the listening port is free when this returns. Idempotent.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            server.close(); // ends the acceptor's accept()
        } catch (IOException e) {
            // Closing is all we wanted.
        }
        long deadlineNs = System.nanoTime() + CLOSE_JOIN_TIMEOUT_NS;
        boolean interrupted = false;
        try {
            acceptor.join(TimeUnit.NANOSECONDS.toMillis(CLOSE_JOIN_TIMEOUT_NS));
            List<ConnectionPair> remaining = List.copyOf(pairs); // the acceptor adds no more
            remaining.forEach(ConnectionPair::close);
            for (ConnectionPair pair : remaining) {
                pair.join(deadlineNs);
            }
        } catch (InterruptedException e) {
            interrupted = true;
        }
        pairs.clear();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + name + " " + address() + " -> " + upstream + ", " + faults.describe()
                + "]";
    }

    private void acceptLoop() {
        while (!closed.get()) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed.get()) {
                    LockSupport.parkNanos(ACCEPT_ERROR_PAUSE_NS); // e.g. out of file descriptors: retry soon
                }
                continue;
            }
            counters.accepted();
            if (faults.refuseNew()) {
                counters.refused();
                ConnectionPair.reset(socket);
                continue;
            }
            pairs.removeIf(ConnectionPair::ended);
            ConnectionPair pair = new ConnectionPair(nextConnectionId++, threadPrefix, socket, upstream,
                    this::faults, counters, seed);
            pairs.add(pair);
            pair.start();
        }
    }
}

package dev.crucible.chaos.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * One direction of a connection pair. The reader thread reads the source into pooled chunks,
 * stamps each with its release time and queues it; the writer thread delivers each chunk to the
 * sink at its release time, paced by the bandwidth cap. The queue is all the two threads share, and
 * being first in first out it keeps byte order whatever the release times.
 *
 * <p>Faults are read afresh for every chunk (latency, jitter, blackhole) and every slice written
 * (blackhole, bandwidth), so a change applies at once. A blackhole is checked twice: bytes are
 * swallowed if it is on when they arrive or when they would be delivered. A close (end of stream
 * or reset) is not swallowed but held until the blackhole lifts.
 */
final class Pipe {
    /** Bytes one read may return. */
    static final int CHUNK_BYTES = 32 * 1024;
    /** Chunks in flight per direction: with {@link #CHUNK_BYTES}, 1 MiB at most. */
    static final int MAX_CHUNKS = 32;
    /** How often a close held back by a blackhole looks whether it has lifted. */
    static final long BLACKHOLE_POLL_NS = 10_000_000L;

    private final Direction way;
    private final Socket source;
    private final Socket sink;
    private final ConnectionPair pair;
    private final Supplier<Faults> faults;
    private final ProxyCounters counters;
    private final DelaySchedule schedule;
    private final TokenBucket bucket = new TokenBucket();
    private final ChunkPool pool = new ChunkPool(CHUNK_BYTES, MAX_CHUNKS);
    // Every data chunk comes from the pool and at most one end marker follows, so adds never block.
    private final ArrayBlockingQueue<Chunk> inFlight = new ArrayBlockingQueue<>(MAX_CHUNKS + 1);

    Pipe(Direction way, Socket source, Socket sink, ConnectionPair pair, Supplier<Faults> faults,
            ProxyCounters counters, long seed) {
        this.way = way;
        this.source = source;
        this.sink = sink;
        this.pair = pair;
        this.faults = faults;
        this.counters = counters;
        this.schedule = new DelaySchedule(seed);
    }

    /** The reader thread's body: ends after queueing the end of the stream, or when closed. */
    void readLoop() {
        try {
            InputStream in = source.getInputStream();
            while (true) {
                Chunk chunk = pool.acquire();
                int n = readOrReset(in, chunk.data);
                if (n < 0) {
                    pool.release(chunk);
                    if (!pair.isClosed()) { // else our own close made the read fail: nothing to pass on
                        queueEnd(n == -1 ? Chunk.Kind.FIN : Chunk.Kind.RESET);
                    }
                    return;
                }
                Faults now = faults.get();
                if (now.blackholes(way)) {
                    counters.dropped(way, n);
                    pool.release(chunk);
                    continue;
                }
                chunk.length = n;
                chunk.releaseNs = schedule.releaseAtNs(System.nanoTime(), now.latency().toNanos(),
                        now.jitter().toNanos());
                inFlight.add(chunk);
            }
        } catch (InterruptedException | IOException e) {
            // The pair was closed under us; it has already dealt with both sockets.
        }
    }

    /** The writer thread's body: ends after passing on the end of the stream, or when closed. */
    void writeLoop() {
        try {
            OutputStream out = sink.getOutputStream();
            while (true) {
                Chunk chunk = inFlight.take();
                awaitNs(chunk.releaseNs);
                switch (chunk.kind) {
                    case DATA -> {
                        deliver(out, chunk);
                        pool.release(chunk);
                    }
                    case FIN -> {
                        awaitNoBlackhole();
                        sink.shutdownOutput();
                        pair.halfClosed();
                        return;
                    }
                    case RESET -> {
                        awaitNoBlackhole();
                        pair.abort();
                        return;
                    }
                }
            }
        } catch (InterruptedException e) {
            // The pair was closed under us.
        } catch (IOException e) {
            pair.abort(); // the sink is gone: pass the failure on to the source as a reset
        }
    }

    /** Bytes read, -1 at a clean end of stream, -2 when the source failed (a reset). */
    private int readOrReset(InputStream in, byte[] buffer) {
        try {
            return in.read(buffer);
        } catch (IOException e) {
            return -2;
        }
    }

    private void queueEnd(Chunk.Kind kind) {
        Faults now = faults.get();
        long delayNs = now.latency().toNanos() + now.slowClose().toNanos();
        inFlight.add(Chunk.marker(kind, schedule.releaseAtNs(System.nanoTime(), delayNs, 0)));
    }

    private void deliver(OutputStream out, Chunk chunk) throws IOException, InterruptedException {
        int offset = 0;
        while (offset < chunk.length) {
            Faults now = faults.get();
            int remaining = chunk.length - offset;
            if (now.blackholes(way)) {
                counters.dropped(way, remaining);
                return;
            }
            int n = TokenBucket.sliceBytes(now.bytesPerSecond(), remaining);
            awaitNs(bucket.sendAtNs(System.nanoTime(), n, now.bytesPerSecond()));
            out.write(chunk.data, offset, n);
            counters.forwarded(way, n);
            offset += n;
        }
    }

    /** A blackhole holds a close back, as a cut network would, until it lifts. */
    private void awaitNoBlackhole() throws InterruptedException {
        while (faults.get().blackholes(way)) {
            LockSupport.parkNanos(BLACKHOLE_POLL_NS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    private static void awaitNs(long deadlineNs) throws InterruptedException {
        long waitNs;
        while ((waitNs = deadlineNs - System.nanoTime()) > 0) {
            LockSupport.parkNanos(waitNs);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}

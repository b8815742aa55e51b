package dev.crucible.launch.probe;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A probe's connection, every step bounded by one deadline, and the probe's timing around it: what a
 * {@link Probe} implementation uses to exchange its request and response.
 */
public final class ProbeSocket implements AutoCloseable {
    /** One request and response over a connected socket; returns what was seen, for the result. */
    @FunctionalInterface
    public interface Exchange {
        /** Writes the request, reads and checks the response; returns what was seen. */
        String exchange(ProbeSocket socket) throws IOException;
    }

    private final Socket socket;
    private final long deadlineNs;

    private ProbeSocket(Socket socket, long deadlineNs) {
        this.socket = socket;
        this.deadlineNs = deadlineNs;
    }

    /** Connects, runs the exchange and times it; turns every network outcome into a result. */
    public static ProbeResult run(InetSocketAddress address, Duration timeout, Exchange exchange) {
        long startNs = System.nanoTime();
        long deadlineNs = startNs + timeout.toNanos();
        try (ProbeSocket socket = connect(address, deadlineNs)) {
            long sentNs = System.nanoTime();
            String detail = exchange.exchange(socket);
            long endNs = System.nanoTime();
            return new ProbeResult(ProbeResult.Outcome.ANSWERED, Duration.ofNanos(endNs - sentNs),
                    Duration.ofNanos(endNs - startNs), detail);
        } catch (SocketTimeoutException e) {
            return new ProbeResult(ProbeResult.Outcome.TIMED_OUT, Duration.ZERO,
                    Duration.ofNanos(System.nanoTime() - startNs), String.valueOf(e.getMessage()));
        } catch (IOException e) {
            return new ProbeResult(ProbeResult.Outcome.FAILED, Duration.ZERO,
                    Duration.ofNanos(System.nanoTime() - startNs), String.valueOf(e.getMessage()));
        }
    }

    private static ProbeSocket connect(InetSocketAddress address, long deadlineNs)
            throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, remainingMs(deadlineNs));
            return new ProbeSocket(socket, deadlineNs);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /** Writes all of {@code bytes}. */
    public void write(byte[] bytes) throws IOException {
        socket.getOutputStream().write(bytes);
    }

    /** Reads exactly {@code length} bytes before the deadline. */
    public void readFully(byte[] buffer, int length) throws IOException {
        InputStream in = socket.getInputStream();
        for (int offset = 0; offset < length; ) {
            socket.setSoTimeout(remainingMs(deadlineNs));
            int n = in.read(buffer, offset, length - offset);
            if (n < 0) {
                throw new EOFException("connection closed after " + offset + " of " + length + " bytes");
            }
            offset += n;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Milliseconds left, at least 1 (0 would mean no timeout); throws once the deadline passed. */
    private static int remainingMs(long deadlineNs) throws SocketTimeoutException {
        long remainingNs = deadlineNs - System.nanoTime();
        if (remainingNs <= 0) {
            throw new SocketTimeoutException("no answer before the deadline");
        }
        long remainingMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNs));
        return (int) Math.min(Integer.MAX_VALUE, remainingMs);
    }
}

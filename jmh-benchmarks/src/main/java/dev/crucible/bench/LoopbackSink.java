package dev.crucible.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A TCP connection over 127.0.0.1 whose far end a daemon thread reads into a direct buffer and throws
 * away: a consumer that costs the sender nothing but the socket itself. {@link #close()} checks that
 * every byte sent arrived.
 */
final class LoopbackSink implements AutoCloseable {
    private static final int DRAIN_BUFFER_BYTES = 1 << 20;
    private static final long CLOSE_TIMEOUT_MS = 10_000;

    private final ServerSocketChannel server;
    private final SocketChannel sender;
    private final SocketChannel receiver;
    private final Thread drainer;
    private volatile long drainedBytes;
    private volatile IOException drainFailure;

    private LoopbackSink(ServerSocketChannel server, SocketChannel sender, SocketChannel receiver, String name) {
        this.server = server;
        this.sender = sender;
        this.receiver = receiver;
        this.drainer = new Thread(this::drain, name);
        this.drainer.setDaemon(true);
    }

    /** Connects a blocking sender to a freshly bound loopback port and starts the drain thread. */
    static LoopbackSink open(String threadName) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open();
        try {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            SocketChannel sender = SocketChannel.open(server.getLocalAddress());
            SocketChannel receiver = server.accept();
            LoopbackSink sink = new LoopbackSink(server, sender, receiver, threadName);
            sink.drainer.start();
            return sink;
        } catch (IOException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** The sending end, in blocking mode. */
    SocketChannel channel() {
        return sender;
    }

    private void drain() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(DRAIN_BUFFER_BYTES);
        long total = 0;
        try {
            int n;
            while ((n = receiver.read(buffer)) >= 0) {
                total += n;
                drainedBytes = total;
                buffer.clear();
            }
        } catch (IOException e) {
            drainFailure = e;
        }
    }

    /**
     * Ends the stream, waits (bounded) for the drain thread to read it all, and closes both ends.
     *
     * @param sentBytes bytes the caller wrote; the drain thread must have read exactly these
     */
    void close(long sentBytes) throws IOException, InterruptedException {
        try {
            sender.shutdownOutput();
            drainer.join(CLOSE_TIMEOUT_MS);
            if (drainer.isAlive()) {
                throw new IllegalStateException("loopback drain thread did not finish within " + CLOSE_TIMEOUT_MS + " ms");
            }
            if (drainFailure != null) {
                throw new IOException("loopback drain failed", drainFailure);
            }
            if (drainedBytes != sentBytes) {
                throw new IllegalStateException("sent " + sentBytes + " bytes over loopback, " + drainedBytes + " arrived");
            }
        } finally {
            close();
        }
    }

    /** Closes both ends and the listening socket; the drain thread then ends. */
    @Override
    public void close() throws IOException {
        try {
            sender.close();
            receiver.close();
        } finally {
            server.close();
        }
    }
}

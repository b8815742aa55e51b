package dev.crucible.chaos.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The upstream of the proxy tests: echoes every byte on 127.0.0.1, half-closes when the client
 * does, and records how each connection ended. Daemon threads; close() ends them all.
 */
final class EchoServer implements AutoCloseable {
    /** How one connection ended: {@code "eof"} or the exception's message, and when. */
    record Ending(String how, long atNs) {}

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final List<Thread> threads = new CopyOnWriteArrayList<>();
    private final BlockingQueue<Ending> endings = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    private EchoServer(ServerSocket server) {
        this.server = server;
    }

    static EchoServer start() throws IOException {
        EchoServer echo = new EchoServer(new ServerSocket(0, 64, InetAddress.getLoopbackAddress()));
        echo.spawn("test-echo-accept", echo::acceptLoop);
        return echo;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
    }

    /** The next connection ending, waiting up to 5 s; null if none. */
    Ending nextEnding() throws InterruptedException {
        return nextEnding(Duration.ofSeconds(5));
    }

    /** The next connection ending, waiting up to {@code wait}; null if none. */
    Ending nextEnding(Duration wait) throws InterruptedException {
        return endings.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes every open connection from the server side, cleanly. */
    void closeConnections() throws IOException {
        for (Socket socket : sockets) {
            socket.close();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        closeConnections();
        try {
            for (Thread thread : threads) {
                thread.join(Duration.ofSeconds(5).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket socket = server.accept();
                sockets.add(socket);
                spawn("test-echo-" + socket.getPort(), () -> echo(socket));
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void echo(Socket socket) {
        byte[] buffer = new byte[64 * 1024];
        try (socket) {
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
            endings.add(new Ending("eof", System.nanoTime()));
            socket.shutdownOutput();
        } catch (IOException e) {
            if (!closed) {
                endings.add(new Ending(String.valueOf(e.getMessage()), System.nanoTime()));
            }
        } finally {
            sockets.remove(socket);
        }
    }

    private void spawn(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
    }
}

package dev.crucible.chaos.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An echo server, a proxy in front of it and the test's client sockets; close() closes them all
 * and checks that no thread of the proxy is left.
 */
final class ProxyFixture implements AutoCloseable {
    private static final AtomicInteger PROXIES = new AtomicInteger();

    final EchoServer echo;
    final FaultProxy proxy;
    private final List<Socket> clients = new ArrayList<>();

    ProxyFixture() throws IOException {
        echo = EchoServer.start();
        proxy = FaultProxy.start("test" + PROXIES.incrementAndGet(),
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), echo.address());
    }

    /** A client connected through the proxy; reads give up after 5 s so no test hangs. */
    Socket connect() throws IOException {
        Socket socket = new Socket();
        clients.add(socket);
        socket.setSoTimeout(5_000);
        socket.setTcpNoDelay(true);
        socket.connect(proxy.address(), 5_000);
        return socket;
    }

    /** Sends text and reads back as many bytes. */
    static String exchange(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        return new String(readExactly(socket, bytes.length), StandardCharsets.UTF_8);
    }

    static byte[] readExactly(Socket socket, int length) throws IOException {
        byte[] buffer = new byte[length];
        InputStream in = socket.getInputStream();
        for (int offset = 0; offset < length; ) {
            int n = in.read(buffer, offset, length - offset);
            if (n < 0) {
                throw new EOFException("end of stream after " + offset + " of " + length + " bytes");
            }
            offset += n;
        }
        return buffer;
    }

    /** Live threads whose names show they belong to {@code proxy}. */
    static List<String> threadsOf(FaultProxy proxy) {
        String prefix = "crucible-proxy-" + proxy.name() + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix))
                .toList();
    }

    @Override
    public void close() throws IOException {
        for (Socket client : clients) {
            client.close();
        }
        proxy.close();
        echo.close();
        assertThat(threadsOf(proxy)).as("proxy threads after close").isEmpty();
    }
}

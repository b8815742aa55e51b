package dev.crucible.chaos.proxy;

import dev.crucible.testing.Await;
import static dev.crucible.chaos.proxy.ProxyFixture.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy with no faults: exact bytes, counters, and how connections and the proxy end. */
class FaultProxyForwardingTest {
    private static final int CONNECTIONS = 32;
    private static final int BYTES_PER_CONNECTION = 192 * 1024;

    private ProxyFixture fixture;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        fixture = new ProxyFixture();
        proxy = fixture.proxy;
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void forwardsRandomBytesExactlyBothWaysOverManyConcurrentConnections() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2 * CONNECTIONS);
        try {
            List<Future<String[]>> digests = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                Socket socket = fixture.connect();
                long seed = 1000 + i;
                Future<String> sent = pool.submit(() -> sendRandom(socket, seed));
                digests.add(pool.submit(() -> new String[] {sent.get(), receiveAll(socket)}));
            }
            for (Future<String[]> pair : digests) {
                String[] sentAndReceived = pair.get(15, TimeUnit.SECONDS);
                assertThat(sentAndReceived[1]).isEqualTo(sentAndReceived[0]);
            }
        } finally {
            pool.shutdownNow();
        }
        long total = (long) CONNECTIONS * BYTES_PER_CONNECTION;
        Await.until(() -> "all pairs closed: " + proxy.stats(), () -> proxy.stats().open() == 0);
        ProxyStats stats = proxy.stats();
        assertThat(stats.accepted()).isEqualTo(CONNECTIONS);
        assertThat(stats.bytesUpstream()).isEqualTo(total);
        assertThat(stats.bytesDownstream()).isEqualTo(total);
        assertThat(stats.reset() + stats.refused() + stats.dropped(Direction.BOTH)).isZero();
    }

    @Test
    void countsConnectionsAndBytesEachWay() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sockets.add(fixture.connect());
        }
        for (Socket socket : sockets) {
            assertThat(exchange(socket, "x".repeat(1000))).hasSize(1000);
        }
        // Counters are bumped after each write returns, so a client can see bytes a moment before.
        Await.until(() -> "bytes counted: " + proxy.stats(),
                () -> proxy.stats().bytes(Direction.BOTH) == 6000);
        ProxyStats stats = proxy.stats();
        assertThat(stats.accepted()).isEqualTo(3);
        assertThat(stats.open()).isEqualTo(3);
        assertThat(stats.bytesUpstream()).isEqualTo(3000);
        assertThat(stats.bytesDownstream()).isEqualTo(3000);
    }

    @Test
    void aClientCloseEndsBothHalvesOfThePair() throws Exception {
        Socket socket = fixture.connect();
        assertThat(exchange(socket, "hello")).isEqualTo("hello");
        socket.close();
        assertThat(fixture.echo.nextEnding().how()).isEqualTo("eof");
        Await.until(() -> "pair closed: " + proxy.stats(), () -> proxy.stats().open() == 0);
    }

    @Test
    void aServerCloseEndsBothHalvesOfThePair() throws Exception {
        Socket socket = fixture.connect();
        assertThat(exchange(socket, "hello")).isEqualTo("hello");
        fixture.echo.closeConnections();
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
        socket.close();
        Await.until(() -> "pair closed: " + proxy.stats(), () -> proxy.stats().open() == 0);
        assertThat(proxy.stats().reset()).isZero();
    }

    @Test
    void anUnreachableUpstreamResetsTheClient() throws Exception {
        InetSocketAddress nowhere;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = new InetSocketAddress(probe.getInetAddress(), probe.getLocalPort());
        }
        try (FaultProxy broken = FaultProxy.start("test-unreachable",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), nowhere);
                Socket socket = new Socket()) {
            socket.setSoTimeout(5_000);
            socket.connect(broken.address());
            assertThatThrownBy(() -> socket.getInputStream().read())
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("Connection reset");
            Await.until(() -> "reset counted", () -> broken.stats().reset() == 1);
        }
    }

    @Test
    void closeEndsEveryThreadFreesThePortAndIsIdempotent() throws Exception {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Socket socket = fixture.connect();
            assertThat(exchange(socket, "before close")).isEqualTo("before close");
            sockets.add(socket);
        }
        // One pair with bytes held back by latency, its writer parked on a release time.
        proxy.set(Faults.latency(Duration.ofSeconds(30), Duration.ZERO));
        sockets.get(0).getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
        int port = proxy.address().getPort();
        assertThat(ProxyFixture.threadsOf(proxy)).hasSize(1 + 4 * 3);

        proxy.close();

        assertThat(ProxyFixture.threadsOf(proxy)).isEmpty();
        for (Socket socket : sockets) {
            assertThat(readEndOrReset(socket)).isTrue();
        }
        try (ServerSocket again = new ServerSocket()) {
            again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        proxy.close();
        assertThat(proxy.stats().open()).isZero();
    }

    /** True once the socket has ended, by a clean end of stream or a reset. */
    private static boolean readEndOrReset(Socket socket) {
        try {
            return socket.getInputStream().read() == -1;
        } catch (IOException e) {
            return e.getMessage().contains("Connection reset");
        }
    }

    /** Writes {@link #BYTES_PER_CONNECTION} seeded random bytes in random pieces; half-closes. */
    private static String sendRandom(Socket socket, long seed) throws IOException {
        SplittableRandom random = new SplittableRandom(seed);
        MessageDigest digest = sha256();
        OutputStream out = socket.getOutputStream();
        byte[] piece = new byte[16 * 1024];
        for (int left = BYTES_PER_CONNECTION; left > 0; ) {
            int n = Math.min(left, 1 + random.nextInt(piece.length));
            random.nextBytes(piece);
            out.write(piece, 0, n);
            digest.update(piece, 0, n);
            left -= n;
        }
        socket.shutdownOutput();
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Reads to the end of stream; the digest of everything read. */
    private static String receiveAll(Socket socket) throws IOException {
        MessageDigest digest = sha256();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[32 * 1024];
        for (int n; (n = in.read(buffer)) >= 0; ) {
            digest.update(buffer, 0, n);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

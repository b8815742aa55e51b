package dev.crucible.chaos.proxy;

import dev.crucible.testing.Await;
import static dev.crucible.chaos.proxy.ProxyFixture.exchange;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.launch.probe.ProbeResult;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each fault through a live proxy: what a client sees, and that heal undoes it. */
class FaultProxyFaultsTest {
    private static final Duration PROBE_TIMEOUT = Duration.ofMillis(300);

    private ProxyFixture fixture;
    private FaultProxy proxy;
    private final EchoProbe probe = new EchoProbe();

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
    void latencyDelaysEachDirectionSoARoundTripTakesTwiceAsLong() {
        assertThat(probe.probe(proxy.address(), Duration.ofSeconds(5)).answered()).isTrue();

        proxy.set(Faults.latency(Duration.ofMillis(100), Duration.ZERO));
        ProbeResult slow = probe.probe(proxy.address(), Duration.ofSeconds(5));

        assertThat(slow.answered()).as(slow.describe()).isTrue();
        assertThat(slow.roundTrip()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    }

    @Test
    void jitterNeverReordersBytes() throws Exception {
        proxy.set(Faults.latency(Duration.ofMillis(1), Duration.ofMillis(20)));
        Socket socket = fixture.connect();
        SplittableRandom random = new SplittableRandom(7);
        ByteArrayOutputStream sent = new ByteArrayOutputStream();
        CompletableFuture<byte[]> received = CompletableFuture.supplyAsync(() -> readToEnd(socket));
        OutputStream out = socket.getOutputStream();
        for (int seq = 0; seq < 150; seq++) {
            // Separate small writes a millisecond apart arrive as separate chunks with their own jitter.
            byte[] message = ByteBuffer.allocate(4 + random.nextInt(40)).putInt(seq).array();
            out.write(message);
            sent.write(message);
            Thread.sleep(1);
        }
        socket.shutdownOutput();

        assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(sent.toByteArray());
    }

    @Test
    void aBandwidthCapMakesAMebibyteTakeSeconds() throws Exception {
        proxy.set(Faults.bandwidth(256 * 1024));
        Socket socket = fixture.connect();
        byte[] data = new byte[1024 * 1024];
        new SplittableRandom(3).nextBytes(data);

        long startNs = System.nanoTime();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> write(socket, data));
        byte[] back = ProxyFixture.readExactly(socket, data.length);
        Duration took = Duration.ofNanos(System.nanoTime() - startNs);
        writer.get(5, TimeUnit.SECONDS);

        assertThat(back).isEqualTo(data);
        assertThat(took).isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void anUpstreamBlackholeSwallowsRequestsUntilHealed() throws Exception {
        Socket socket = fixture.connect();
        assertThat(exchange(socket, "one")).isEqualTo("one");

        proxy.set(Faults.blackhole(Direction.UPSTREAM));
        socket.getOutputStream().write("lost".getBytes(StandardCharsets.UTF_8));
        assertNothingArrives(socket);
        awaitStats(stats -> stats.droppedUpstream() == 4);

        proxy.heal();
        assertThat(exchange(socket, "two")).isEqualTo("two");
        awaitStats(stats -> stats.bytesUpstream() == 6 && stats.bytesDownstream() == 6);
        assertThat(proxy.stats().open()).isEqualTo(1);
    }

    @Test
    void aDownstreamBlackholeSwallowsResponsesUntilHealed() throws Exception {
        Socket socket = fixture.connect();
        assertThat(exchange(socket, "one")).isEqualTo("one");

        proxy.set(Faults.blackhole(Direction.DOWNSTREAM));
        socket.getOutputStream().write("lost".getBytes(StandardCharsets.UTF_8));
        assertNothingArrives(socket);
        awaitStats(stats -> stats.droppedDownstream() == 4);

        proxy.heal();
        assertThat(exchange(socket, "two")).isEqualTo("two");
        awaitStats(stats -> stats.bytesUpstream() == 10 && stats.bytesDownstream() == 6);
    }

    @Test
    void aBlackholeHoldsACloseBackUntilHealed() throws Exception {
        Socket socket = fixture.connect();
        assertThat(exchange(socket, "one")).isEqualTo("one");

        proxy.set(Faults.blackhole(Direction.UPSTREAM));
        socket.shutdownOutput();
        assertThat(fixture.echo.nextEnding(Duration.ofMillis(300))).isNull();

        proxy.heal();
        assertThat(fixture.echo.nextEnding().how()).isEqualTo("eof");
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
    }

    @Test
    void aBlackholeBothWaysTimesTheProbeOutAndHealMakesItAnswer() {
        proxy.set(Faults.blackhole(Direction.BOTH));
        ProbeResult cut = probe.probe(proxy.address(), PROBE_TIMEOUT);
        assertThat(cut.outcome()).as(cut.describe()).isEqualTo(ProbeResult.Outcome.TIMED_OUT);

        proxy.heal();
        ProbeResult healed = probe.probe(proxy.address(), Duration.ofSeconds(5));
        assertThat(healed.answered()).as(healed.describe()).isTrue();
    }

    @Test
    void resetAllGivesBothPeersAConnectionReset() throws Exception {
        Socket socket = fixture.connect();
        assertThat(exchange(socket, "hello")).isEqualTo("hello");

        proxy.resetAll();

        assertThatThrownBy(() -> socket.getInputStream().read())
                .isInstanceOf(SocketException.class)
                .hasMessageContaining("Connection reset");
        assertThat(fixture.echo.nextEnding().how()).contains("Connection reset");
        ProxyStats stats = proxy.stats();
        assertThat(stats.reset()).isEqualTo(1);
        assertThat(stats.open()).isZero();
    }

    @Test
    void refuseNewResetsNewConnectionsButKeepsOpenOnes() throws Exception {
        Socket open = fixture.connect();
        assertThat(exchange(open, "before")).isEqualTo("before");

        proxy.set(Faults.refusing());
        // On loopback the reset may beat the end of connect(): either way the client sees it.
        assertThatThrownBy(() -> fixture.connect().getInputStream().read())
                .isInstanceOf(SocketException.class)
                .hasMessageContaining("Connection reset");
        assertThat(exchange(open, "still")).isEqualTo("still");
        assertThat(proxy.stats().refused()).isEqualTo(1);

        proxy.heal();
        assertThat(exchange(fixture.connect(), "after")).isEqualTo("after");
        ProxyStats stats = proxy.stats();
        assertThat(stats.accepted()).isEqualTo(3);
        assertThat(stats.open()).isEqualTo(2);
    }

    @Test
    void slowCloseDelaysTheEndOfStreamEachWay() throws Exception {
        Duration delay = Duration.ofMillis(400);
        proxy.set(Faults.slowClose(delay));
        Socket socket = fixture.connect();
        assertThat(exchange(socket, "hello")).isEqualTo("hello");

        long closedNs = System.nanoTime();
        socket.shutdownOutput();
        assertThat(socket.getInputStream().read()).isEqualTo(-1);
        Duration clientSawEnd = Duration.ofNanos(System.nanoTime() - closedNs);
        Duration serverSawEnd = Duration.ofNanos(fixture.echo.nextEnding().atNs() - closedNs);

        assertThat(serverSawEnd).isGreaterThanOrEqualTo(delay);
        assertThat(clientSawEnd).isGreaterThanOrEqualTo(delay.multipliedBy(2));
    }

    /** Counters are bumped after each write returns, so a client can see bytes a moment before. */
    private void awaitStats(Predicate<ProxyStats> expected) {
        Await.until(() -> "counters, now " + proxy.stats(), () -> expected.test(proxy.stats()));
    }

    private static void assertNothingArrives(Socket socket) throws IOException {
        int timeoutMs = socket.getSoTimeout();
        socket.setSoTimeout(300);
        assertThatThrownBy(() -> socket.getInputStream().read())
                .isInstanceOf(SocketTimeoutException.class);
        socket.setSoTimeout(timeoutMs);
    }

    private static byte[] readToEnd(Socket socket) {
        try {
            return socket.getInputStream().readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void write(Socket socket, byte[] data) {
        try {
            OutputStream out = socket.getOutputStream();
            for (int offset = 0; offset < data.length; offset += 8192) {
                out.write(data, offset, Math.min(8192, data.length - offset));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package dev.crucible.chaos.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class KafkaPingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What the fake broker does with a request. */
    enum Mode { ANSWER, WRONG_CORRELATION_ID, SILENT }

    /** A request as the fake broker decoded it. */
    record Request(int size, short apiKey, short apiVersion, int correlationId, short clientIdLength,
            String clientId) {}

    private FakeBroker broker;

    @BeforeEach
    void start() throws IOException {
        broker = new FakeBroker();
    }

    @AfterEach
    void stop() throws Exception {
        broker.close();
    }

    @Test
    void sendsAnApiVersionsV0RequestAndTimesTheMatchingAnswer() throws Exception {
        KafkaPing ping = new KafkaPing("nemesis-1");

        ProbeResult first = ping.probe(broker.address(), TIMEOUT);
        ProbeResult second = ping.probe(broker.address(), TIMEOUT);

        assertThat(first.answered()).as(first.describe()).isTrue();
        assertThat(first.detail()).isEqualTo("ApiVersions error_code 0, 1 api keys");
        assertThat(first.roundTrip()).isPositive().isLessThanOrEqualTo(first.elapsed());
        assertThat(second.answered()).isTrue();
        Request request = broker.requests.poll(5, TimeUnit.SECONDS);
        assertThat(request).isEqualTo(new Request(2 + 2 + 4 + 2 + 9, (short) 18, (short) 0, 1,
                (short) 9, "nemesis-1"));
        assertThat(broker.requests.poll(5, TimeUnit.SECONDS).correlationId()).isEqualTo(2);
    }

    @Test
    void aNullClientIdIsSentAsLengthMinusOne() throws Exception {
        assertThat(new KafkaPing(null).probe(broker.address(), TIMEOUT).answered()).isTrue();
        Request request = broker.requests.poll(5, TimeUnit.SECONDS);
        assertThat(request.clientIdLength()).isEqualTo((short) -1);
        assertThat(request.size()).isEqualTo(10);
    }

    @Test
    void anAnswerToAnotherRequestIsAFailure() {
        broker.mode = Mode.WRONG_CORRELATION_ID;
        ProbeResult result = KafkaPing.ping(broker.address(), TIMEOUT);
        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.FAILED);
        assertThat(result.detail()).isEqualTo("correlation id 1001, expected 1");
    }

    @Test
    void aSilentBrokerTimesOut() {
        broker.mode = Mode.SILENT;
        Duration timeout = Duration.ofMillis(300);
        ProbeResult result = KafkaPing.ping(broker.address(), timeout);
        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.TIMED_OUT);
        assertThat(result.elapsed()).isGreaterThanOrEqualTo(timeout.minusMillis(50)); // timer granularity
        assertThat(result.describe()).startsWith("timed out after ");
    }

    @Test
    void aClosedPortFails() throws IOException {
        InetSocketAddress nowhere;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nowhere = new InetSocketAddress(probe.getInetAddress(), probe.getLocalPort());
        }
        ProbeResult result = KafkaPing.ping(nowhere, TIMEOUT);
        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.FAILED);
        assertThat(result.detail()).contains("Connection refused");
    }

    @Test
    void throughTheProxyShowsLatencyThenBlackholeThenHeal() throws Exception {
        try (FaultProxy proxy = FaultProxy.start("test-kafka-ping",
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), broker.address())) {
            KafkaPing ping = new KafkaPing();
            assertThat(ping.probe(proxy.address(), TIMEOUT).answered()).isTrue();

            proxy.set(Faults.latency(Duration.ofMillis(100), Duration.ofMillis(10)));
            ProbeResult slow = ping.probe(proxy.address(), TIMEOUT);
            assertThat(slow.answered()).as(slow.describe()).isTrue();
            assertThat(slow.roundTrip()).isGreaterThanOrEqualTo(Duration.ofMillis(200));

            proxy.set(Faults.blackhole(Direction.BOTH));
            ProbeResult cut = ping.probe(proxy.address(), Duration.ofMillis(300));
            assertThat(cut.outcome()).as(cut.describe()).isEqualTo(ProbeResult.Outcome.TIMED_OUT);

            proxy.heal();
            ProbeResult healed = ping.probe(proxy.address(), TIMEOUT);
            assertThat(healed.answered()).as(healed.describe()).isTrue();
        }
    }

    /** Decodes ApiVersions v0 requests and answers each with a one-key v0 table, on 127.0.0.1. */
    private static final class FakeBroker implements AutoCloseable {
        final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
        volatile Mode mode = Mode.ANSWER;
        private final ServerSocket server;
        private final Thread thread;

        FakeBroker() throws IOException {
            server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            thread = new Thread(this::serve, "test-fake-broker");
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        }

        /** One connection at a time, one request each: enough for a probe. */
        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(5_000);
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    Request request = decode(in);
                    requests.add(request);
                    if (mode == Mode.SILENT) {
                        in.read(); // until the client gives up and closes
                        continue;
                    }
                    int correlationId = request.correlationId()
                            + (mode == Mode.WRONG_CORRELATION_ID ? 1000 : 0);
                    DataOutputStream out = new DataOutputStream(socket.getOutputStream());
                    out.writeInt(4 + 2 + 4 + 6);
                    out.writeInt(correlationId);
                    out.writeShort(0); // error_code
                    out.writeInt(1); // api_keys: ApiVersions 0..3
                    out.writeShort(18);
                    out.writeShort(0);
                    out.writeShort(3);
                    out.flush();
                } catch (IOException e) {
                    // closed, or a client that went away: next connection
                }
            }
        }

        private static Request decode(DataInputStream in) throws IOException {
            int size = in.readInt();
            short apiKey = in.readShort();
            short apiVersion = in.readShort();
            int correlationId = in.readInt();
            short clientIdLength = in.readShort();
            byte[] clientId = new byte[Math.max(0, clientIdLength)];
            in.readFully(clientId);
            return new Request(size, apiKey, apiVersion, correlationId, clientIdLength,
                    clientIdLength < 0 ? null : new String(clientId, StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            server.close();
            try {
                thread.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

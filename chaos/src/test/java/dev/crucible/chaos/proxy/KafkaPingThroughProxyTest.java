package dev.crucible.chaos.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.launch.probe.KafkaPing;
import dev.crucible.launch.probe.ProbeResult;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a nemesis's probe shows through the proxy: latency in the round trip, a blackhole as a timeout, heal. */
class KafkaPingThroughProxyTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    @Test
    void throughTheProxyShowsLatencyThenBlackholeThenHeal() throws Exception {
        try (ApiVersionsAnswerer broker = new ApiVersionsAnswerer();
                FaultProxy proxy = FaultProxy.start("test-kafka-ping",
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

    /** Answers every ApiVersions v0 request with a one-key table, one connection at a time, on 127.0.0.1. */
    private static final class ApiVersionsAnswerer implements AutoCloseable {
        private final ServerSocket server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        private final Thread thread = new Thread(this::serve, "test-api-versions");

        ApiVersionsAnswerer() throws IOException {
            thread.setDaemon(true);
            thread.start();
        }

        InetSocketAddress address() {
            return new InetSocketAddress(server.getInetAddress(), server.getLocalPort());
        }

        private void serve() {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    socket.setSoTimeout(5_000);
                    DataInputStream in = new DataInputStream(socket.getInputStream());
                    in.readInt(); // size
                    in.readInt(); // api_key, api_version
                    int correlationId = in.readInt();
                    in.readFully(new byte[Math.max(0, in.readShort())]); // client id
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

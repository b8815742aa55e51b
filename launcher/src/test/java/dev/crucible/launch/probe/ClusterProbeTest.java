package dev.crucible.launch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.launch.process.Tcp;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code crucible probe}'s wait: until a broker answers ApiVersions, or the last failure at the deadline. */
class ClusterProbeTest {

    @Test
    void aBrokerThatComesUpWhileWaitingIsAnswered() throws Exception {
        int port = Tcp.freeLoopbackPort();
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", port);
        CompletableFuture<ProbeResult> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return ClusterProbe.awaitAnswer(address, Duration.ofSeconds(60));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        try (FakeKafkaBroker broker = new FakeKafkaBroker(port)) {
            ProbeResult result = waiting.get(60, TimeUnit.SECONDS);
            assertThat(result.answered()).as(result.describe()).isTrue();
            assertThat(result.detail()).isEqualTo("ApiVersions error_code 0, 1 api keys");
            assertThat(broker.requests).isNotEmpty();
        }
    }

    @Test
    void nothingListeningEndsWithTheLastTrysFailure() throws Exception {
        InetSocketAddress nowhere = new InetSocketAddress("127.0.0.1", Tcp.freeLoopbackPort());
        ProbeResult result = ClusterProbe.awaitAnswer(nowhere, Duration.ofSeconds(1));
        assertThat(result.answered()).as(result.describe()).isFalse();
        assertThat(result.outcome()).isIn(ProbeResult.Outcome.FAILED, ProbeResult.Outcome.TIMED_OUT);
    }
}

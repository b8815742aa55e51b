package dev.crucible.launch.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The raw ApiVersions ping against a fake broker that answers, answers wrongly or stays silent. */
class KafkaPingTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private FakeKafkaBroker broker;

    @BeforeEach
    void start() throws IOException {
        broker = new FakeKafkaBroker(0);
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
        FakeKafkaBroker.Request request = broker.requests.poll(5, TimeUnit.SECONDS);
        assertThat(request).isEqualTo(new FakeKafkaBroker.Request(2 + 2 + 4 + 2 + 9, (short) 18, (short) 0, 1,
                (short) 9, "nemesis-1"));
        assertThat(broker.requests.poll(5, TimeUnit.SECONDS).correlationId()).isEqualTo(2);
    }

    @Test
    void aNullClientIdIsSentAsLengthMinusOne() throws Exception {
        assertThat(new KafkaPing(null).probe(broker.address(), TIMEOUT).answered()).isTrue();
        FakeKafkaBroker.Request request = broker.requests.poll(5, TimeUnit.SECONDS);
        assertThat(request.clientIdLength()).isEqualTo((short) -1);
        assertThat(request.size()).isEqualTo(10);
    }

    @Test
    void anAnswerToAnotherRequestIsAFailure() {
        broker.mode = FakeKafkaBroker.Mode.WRONG_CORRELATION_ID;
        ProbeResult result = KafkaPing.ping(broker.address(), TIMEOUT);
        assertThat(result.outcome()).isEqualTo(ProbeResult.Outcome.FAILED);
        assertThat(result.detail()).isEqualTo("correlation id 1001, expected 1");
    }

    @Test
    void aSilentBrokerTimesOut() {
        broker.mode = FakeKafkaBroker.Mode.SILENT;
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
}

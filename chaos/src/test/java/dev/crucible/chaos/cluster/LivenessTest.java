package dev.crucible.chaos.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.chaos.time.ManualClock;
import dev.crucible.launch.process.Tcp;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** An address that never answers is reported silent once the check's timeout has passed on the run clock. */
class LivenessTest {

    @Test
    void anAddressThatNeverAnswersIsSilentAfterTheTimeoutOnTheRunClock() throws Exception {
        String nowhere = "127.0.0.1:" + Tcp.freeLoopbackPort();
        // Every reading of the clock moves it 10 s: the 30 s timeout passes after a few refused tries.
        Liveness liveness = new Liveness(new ExternalCluster(nowhere), Duration.ofSeconds(30),
                new ManualClock(Duration.ofSeconds(10)));

        Liveness.Check check = liveness.check("the test's fault");

        assertThat(check.answered()).isFalse();
        assertThat(check.allUp()).isTrue(); // nothing launched, so nothing down
        assertThat(check.evidence()).contains(nowhere + " did not answer ApiVersions within 30 s");
        assertThat(liveness.unanswered()).singleElement().asString().endsWith("(after the test's fault)");
        assertThat(liveness.checks()).isEqualTo(1);
    }
}

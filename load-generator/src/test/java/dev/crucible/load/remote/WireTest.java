package dev.crucible.load.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.load.agent.Assignment;
import dev.crucible.load.workload.DriverSettings;
import dev.crucible.load.workload.KeyDistributor;
import dev.crucible.load.workload.PayloadFile;
import dev.crucible.load.workload.Workload;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void anAssignmentReachesTheAgentWithTheWholeWorkloadPayloadBytesIncluded() throws Exception {
        byte[] payload = new byte[300];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (i * 7);
        }
        Workload w = Workload.builder().name("wire").topics(2).partitionsPerTopic(3).keyDistributor(KeyDistributor.RANDOM_NANO)
                .payloadFile(new PayloadFile("payload/p.data", payload)).producerRate(0).consumerBacklogSizeGB(0.25)
                .testDuration(Duration.ofMillis(1500)).warmupDuration(Duration.ofNanos(7)).arrivals(Workload.Arrivals.POISSON)
                .maxOutstandingPerProducer(17).ombOnly(new Workload.OmbOnly(1, 2, 3, 0.5, 4, 5)).build();
        DriverSettings driver = new DriverSettings();
        driver.producerConfig = "acks=1\n";
        Assignment a = new Assignment("run-1", w, driver, "h:9092", List.of(new Assignment.ProducerSpec(4, "t", 3, 12.5)),
                List.of(new Assignment.ConsumerSpec("t", "t-sub-0")), -123, 45, "probe-min-rtt", 10_000);
        Assignment back = Wire.JSON.readValue(Wire.JSON.writeValueAsBytes(a), Assignment.class);
        assertThat(back.workload()).isEqualTo(w);
        assertThat(back.workload().payloadFile().bytes()).isEqualTo(payload);
        assertThat(back.driver().producerProperties()).containsEntry("acks", "1");
        assertThat(back.producers()).isEqualTo(a.producers());
        assertThat(back.consumers()).isEqualTo(a.consumers());
        assertThat(List.of(back.runId(), back.bootstrap(), back.clockMethod())).containsExactly("run-1", "h:9092", "probe-min-rtt");
        assertThat(new long[] {back.clockOffsetNs(), back.clockErrorNs(), back.leaseMs()}).containsExactly(-123, 45, 10_000);
    }
}

package dev.crucible.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crucible perf} for real, small: Apache Kafka's ProducerPerformance against the embedded broker. */
class PerfCommandTest {
    @TempDir Path tmp;

    @Test
    void aShortProduceRunAgainstTheEmbeddedBrokerRecordsWhatTheToolMeasuredAndTheBrokersCpu() throws Exception {
        CliRun r = CliRun.of("perf", "--target", "embedded", "--records", "20000", "--rounds", "1", "--partitions", "2",
                "--client-config", "linger.ms=5", "--out", tmp.toString(), "--cache-dir", KafkaTopicsTool.cacheDir().toString());
        System.out.println(r.out());
        System.err.println(r.err());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("round 1/1: embedded", "records/s", "medians over 1 round(s)");
        Path dir;
        try (Stream<Path> s = Files.list(tmp)) {
            dir = s.filter(p -> p.getFileName().toString().endsWith("-perf-produce")).findFirst().orElseThrow();
        }
        JsonNode doc = new ObjectMapper().readTree(dir.resolve("perf.json").toFile());
        assertThat(doc.path("tool").asText()).isEqualTo("org.apache.kafka.tools.ProducerPerformance 4.3.1");
        assertThat(doc.path("clientConfig").path("linger.ms").asText()).isEqualTo("5");
        JsonNode run = doc.path("runs").get(0);
        assertThat(run.path("summary").path("records").asLong()).isEqualTo(20_000);
        assertThat(run.path("summary").path("recordsPerSec").asDouble()).isPositive();
        assertThat(run.path("brokerCpuSeconds").asDouble()).isPositive();
        assertThat(run.path("cpuSecondsPerGib").asDouble()).isPositive();
        // the tool's own output is kept beside the numbers
        Path embedded = dir.resolve("round-1").resolve("0-embedded");
        assertThat(Files.readString(embedded.resolve("produce.out"))).contains("20000 records sent");
        // the broker's log stays, its 20 MB of segments do not
        assertThat(embedded.resolve("broker-ref").resolve("broker.out")).isRegularFile();
        try (Stream<Path> all = Files.walk(embedded)) {
            assertThat(all.filter(p -> p.getFileName().toString().equals("data") || p.toString().endsWith(".log"))).isEmpty();
        }
    }

    @Test
    void badInputIsRefusedBeforeAnythingStarts() {
        CliRun test = CliRun.of("perf", "--test", "flood", "--out", tmp.toString());
        assertThat(test.exitCode()).isEqualTo(2);
        assertThat(test.err()).contains("produce, consume or e2e");
        CliRun target = CliRun.of("perf", "--target", "nowhere", "--out", tmp.toString());
        assertThat(target.exitCode()).isEqualTo(2);
        CliRun config = CliRun.of("perf", "--test", "consume", "--client-config", "linger.ms=5", "--out", tmp.toString());
        assertThat(config.exitCode()).isEqualTo(2);
        assertThat(config.err()).contains("--client-config");
        assertThat(List.of(tmp.toFile().list())).isEmpty();
    }
}

package dev.crucible.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crucible.load.driver.BrokerRefInProcess;
import dev.crucible.load.workload.WorkloadOverrides;
import java.io.ByteArrayOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crucible bench --driver} with an OMB driver file (replicationFactor 3) against a single broker-ref node. */
class OmbDriverBenchTest {
    private static final Path OMB_DRIVER = Path.of("src/test/resources/omb/kafka-driver.yaml");

    @TempDir Path dir;

    @Test
    void aReplicationFactorAboveTheBrokerCountIsCappedSaidOnTheConsoleAndRecordedInRunJson() throws Exception {
        Path workload = dir.resolve("small.yaml");
        Files.writeString(workload, "name: small\ntopics: 1\npartitionsPerTopic: 2\nmessageSize: 256\nsubscriptionsPerTopic: 1\n"
                + "consumerPerSubscription: 1\nproducersPerTopic: 1\nproducerRate: 200\nconsumerBacklogSizeGB: 0\n");
        Path out = dir.resolve("results");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int exit;
        try (BrokerRefInProcess broker = new BrokerRefInProcess(dir.resolve("data"))) {
            BenchRequest req = new BenchRequest(workload, OMB_DRIVER, List.of("bootstrap:" + broker.bootstrap()),
                    new WorkloadOverrides(Duration.ofSeconds(2), Duration.ofSeconds(1), null, false, null), List.of(), 1, out, "omb",
                    null, Duration.ofSeconds(5), null, dir.resolve("cache"));
            exit = new Bench(req, new PrintWriter(new OutputStreamWriter(text, StandardCharsets.UTF_8), true)).run();
        }
        String console = text.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(console).isZero();
        String note = "replicationFactor 3 > 1 broker(s): topics created with replication factor 1 (min.insync.replicas 2 -> 1)";
        assertThat(console.lines().filter(l -> l.contains("replicationFactor"))).as(console).containsExactly(note);

        JsonNode run;
        try (Stream<Path> s = Files.list(out)) {
            run = new ObjectMapper().readTree(s.filter(Files::isDirectory).findFirst().orElseThrow().resolve("run.json").toFile());
        }
        assertThat(run.path("status").asText()).isEqualTo("COMPLETE");
        JsonNode driver = run.path("driver");
        assertThat(driver.path("replicationFactor").asInt()).as("the driver file's, as it was").isEqualTo(3);
        assertThat(driver.path("topicConfig").path("min.insync.replicas").asText()).isEqualTo("2");
        JsonNode replication = driver.path("replication");
        assertThat(replication.path("requested").asInt()).isEqualTo(3);
        assertThat(replication.path("brokers").asInt()).isEqualTo(1);
        assertThat(replication.path("used").asInt()).isEqualTo(1);
        assertThat(replication.path("changedTopicConfig").path("min.insync.replicas").asText()).isEqualTo("1");
        assertThat(replication.path("note").asText()).isEqualTo(note);
        JsonNode totals = run.path("sequences").path("totals");
        assertThat(totals.path("acked").asLong()).as("acks=all on a topic of one replica").isEqualTo(600);
        assertThat(totals.path("delivered").asLong()).isEqualTo(600);
        assertThat(totals.path("lost").asLong()).isZero();
    }
}

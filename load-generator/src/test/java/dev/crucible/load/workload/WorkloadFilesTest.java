package dev.crucible.load.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkloadFilesTest {
    private final YamlFiles<Workload> workloads = new YamlFiles<>(Workload.class);

    @Test
    void anOmbWorkloadFileLoadsUnchanged() throws IOException {
        YamlFiles.Loaded<Workload> f = workloads.read(Path.of("src/test/resources/omb/1-topic-16-partitions-1kb.yaml"));
        Workload w = f.value();
        assertThat(w.name).isEqualTo("1 topic / 16 partitions / 1Kb");
        assertThat(w.topics).isEqualTo(1);
        assertThat(w.partitionsPerTopic).isEqualTo(16);
        assertThat(w.keyDistributor).isEqualTo(KeyDistributor.NO_KEY);
        assertThat(w.messageSize).isEqualTo(1024);
        assertThat(w.payloadFile).isEqualTo("payload/payload-1Kb.data");
        assertThat(w.producerRate).isEqualTo(50_000);
        assertThat(w.testDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(w.warmupDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(w.producerCount()).isEqualTo(1);
        assertThat(w.consumerCount()).isEqualTo(1);
        assertThat(f.ignoredFields()).isEmpty();
        assertThat(f.sha256()).hasSize(64);
        w.validate();
    }

    @Test
    void anOmbKafkaDriverFileGivesItsClientSettings() throws IOException {
        DriverSettings d = new YamlFiles<>(DriverSettings.class).read(Path.of("src/test/resources/omb/kafka-driver.yaml")).value();
        assertThat(d.replicationFactor).isEqualTo((short) 3);
        assertThat(d.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(d.producerProperties()).containsEntry("acks", "all").containsEntry("batch.size", "1048576")
                .containsEntry("bootstrap.servers", "localhost:9092");
        assertThat(d.consumerProperties()).containsEntry("enable.auto.commit", "false")
                .containsEntry("auto.offset.reset", "earliest");
        assertThat(d.topicProperties()).containsEntry("min.insync.replicas", "2");
    }

    @Test
    void everyShippedWorkloadLoadsAndValidates() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(Path.of("../workloads"))) {
            files = s.filter(p -> p.toString().endsWith(".yaml")).toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(5);
        for (Path p : files) {
            YamlFiles.Loaded<Workload> f = workloads.read(p);
            assertThat(f.ignoredFields()).as(p.toString()).isEmpty();
            f.value().validate();
        }
        assertThat(workloads.readResource("/workloads/default.yaml").value().testDuration()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void unknownFieldsAreReportedNotFatal() throws IOException {
        YamlFiles.Loaded<Workload> f = workloads.parse("topics: 2\nsomeForkField: 7\n".getBytes(StandardCharsets.UTF_8), "x.yaml");
        assertThat(f.value().topics).isEqualTo(2);
        assertThat(f.ignoredFields()).containsExactly("someForkField");
    }

    @Test
    void malformedFilesNameTheFileAndTheProblem(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "topics: many\n");
        assertThatThrownBy(() -> workloads.read(bad)).isInstanceOf(IOException.class).hasMessageContaining("bad.yaml")
                .hasMessageContaining("line 1");
        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> workloads.read(empty)).hasMessageContaining("empty.yaml");
        assertThatThrownBy(() -> workloads.read(dir.resolve("missing.yaml"))).hasMessageContaining("no such file");
    }

    @Test
    void valuesThatCannotRunAreRefusedByName() {
        Workload w = new Workload();
        w.messageSize = 16;
        assertThatThrownBy(w::validate).hasMessageContaining("messageSize 16");
        Workload p = new Workload();
        p.partitionsPerTopic = 0;
        assertThatThrownBy(p::validate).hasMessageContaining("partitionsPerTopic");
        Workload r = new Workload();
        r.producerRate = -5;
        assertThatThrownBy(r::validate).hasMessageContaining("producerRate");
        Workload d = new Workload();
        d.testDuration = "soon";
        assertThatThrownBy(d::validate).hasMessageContaining("not a duration");
    }
}

package dev.crucible.load.workload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
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
    private static final Path OMB_WORKLOAD = Path.of("src/test/resources/omb/1-topic-16-partitions-1kb.yaml");

    /** The OMB workload file beside a payload/ directory holding the payload file it names, as OMB lays them out. */
    private static Path ombLayout(Path dir, byte[] payload) throws IOException {
        Files.createDirectories(dir.resolve("payload"));
        Path workload = dir.resolve("workload.yaml");
        Files.copy(OMB_WORKLOAD, workload);
        Files.write(dir.resolve("payload/payload-1Kb.data"), payload);
        return workload;
    }

    private static byte[] payload(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31);
        }
        return b;
    }

    @Test
    void anOmbWorkloadFileLoadsUnchanged(@TempDir Path dir) throws IOException {
        YamlFiles.Loaded<Workload> f = WorkloadFiles.read(ombLayout(dir, payload(1024)), WorkloadOverrides.NONE);
        Workload w = f.value();
        assertThat(w.name()).isEqualTo("1 topic / 16 partitions / 1Kb");
        assertThat(w.topics()).isEqualTo(1);
        assertThat(w.partitionsPerTopic()).isEqualTo(16);
        assertThat(w.keyDistributor()).isEqualTo(KeyDistributor.NO_KEY);
        assertThat(w.messageSize()).isEqualTo(1024);
        assertThat(w.payloadFile().name()).as("the name as the workload gave it").isEqualTo("payload/payload-1Kb.data");
        assertThat(w.payloadFile().bytes()).as("read once, beside the workload file").isEqualTo(payload(1024));
        assertThat(w.producerRate()).isEqualTo(50_000);
        assertThat(w.testDuration()).isEqualTo(Duration.ofMinutes(15));
        assertThat(w.warmupDuration()).isEqualTo(Duration.ofMinutes(1));
        assertThat(w.producerCount()).isEqualTo(1);
        assertThat(w.consumerCount()).isEqualTo(1);
        assertThat(f.ignoredFields()).isEmpty();
        assertThat(f.sha256()).hasSize(64);
    }

    /** An OMB checkout: {@code root/workloads/1-topic.yaml} naming {@code payload/payload-1Kb.data}, which sits in {@code root/payload/}. */
    private static Path ombCheckout(Path root, byte[] payload) throws IOException {
        Files.createDirectories(root.resolve("workloads"));
        Files.createDirectories(root.resolve("payload"));
        Path workload = root.resolve("workloads/1-topic.yaml");
        Files.copy(OMB_WORKLOAD, workload);
        Files.write(root.resolve("payload/payload-1Kb.data"), payload);
        return workload;
    }

    @Test
    void anOmbWorkloadFindsItsPayloadAtTheCheckoutRootFromAnyWorkingDirectory(@TempDir Path dir) throws IOException {
        Path workload = ombCheckout(dir.resolve("omb"), payload(1024));
        // The test's working directory (this module) has no payload/ folder: only the checkout's root has the file.
        assertThat(Path.of("payload/payload-1Kb.data")).doesNotExist();
        Workload w = WorkloadFiles.read(workload, WorkloadOverrides.NONE).value();
        assertThat(w.payloadFile().name()).isEqualTo("payload/payload-1Kb.data");
        assertThat(w.payloadFile().bytes()).isEqualTo(payload(1024));

        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        assertThat(WorkloadFiles.readPayload("payload/payload-1Kb.data", workload, elsewhere).bytes()).isEqualTo(payload(1024));
        Path relative = Path.of("omb/workloads/1-topic.yaml");
        assertThat(WorkloadFiles.readPayload("payload/payload-1Kb.data", relative, dir).bytes())
                .as("a workload named relative to the working directory").isEqualTo(payload(1024));
    }

    @Test
    void aPayloadFileIsReadFromTheFirstPlaceThatHasItAndAMissingOneNamesEveryPlaceTried(@TempDir Path dir) throws IOException {
        String name = "payload/payload-1Kb.data";
        Path root = dir.resolve("omb");
        Path workload = ombCheckout(root, payload(200));
        Path cwd = dir.resolve("cwd");
        Path inCwd = cwd.resolve(name);
        Path besideWorkload = root.resolve("workloads").resolve(name);
        Path atRoot = root.resolve(name);
        Files.createDirectories(inCwd.getParent());
        Files.write(inCwd, payload(100));
        Files.createDirectories(besideWorkload.getParent());
        Files.write(besideWorkload, payload(150));

        assertThat(WorkloadFiles.readPayload(name, workload, cwd).length()).as("the working directory first, as OMB").isEqualTo(100);
        Files.delete(inCwd);
        assertThat(WorkloadFiles.readPayload(name, workload, cwd).length()).as("then the workload's folder").isEqualTo(150);
        Files.delete(besideWorkload);
        assertThat(WorkloadFiles.readPayload(name, workload, cwd).length()).as("then its parent").isEqualTo(200);
        Files.delete(atRoot);
        assertThatThrownBy(() -> WorkloadFiles.readPayload(name, workload, cwd)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("payloadFile " + name + ": not found; looked at " + inCwd + ", " + besideWorkload + ", " + atRoot);

        Path absolute = dir.resolve("abs.data");
        Files.write(absolute, payload(120));
        assertThat(WorkloadFiles.readPayload(absolute.toString(), workload, cwd).length()).isEqualTo(120);
        Files.delete(absolute);
        assertThatThrownBy(() -> WorkloadFiles.readPayload(absolute.toString(), workload, cwd))
                .as("an absolute name is looked for where it says only").hasMessageEndingWith("looked at " + absolute);
        assertThatThrownBy(() -> WorkloadFiles.readPayload(name, null, cwd)).as("no workload file: the working directory only")
                .hasMessageEndingWith("looked at " + inCwd);
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
            YamlFiles.Loaded<Workload> f = WorkloadFiles.read(p, WorkloadOverrides.NONE);
            assertThat(f.ignoredFields()).as(p.toString()).isEmpty();
        }
        assertThat(WorkloadFiles.read(null, WorkloadOverrides.NONE).value().testDuration()).isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void theCommandLineOverridesTheFileBeforeTheWorkloadIsChecked() throws IOException {
        Workload w = build("testDuration: 0s\nwarmupDurationMinutes: 3\nproducerRate: 500\n",
                new WorkloadOverrides(Duration.ofSeconds(4), Duration.ofMillis(1500), "max", true, 10));
        assertThat(w.testDuration()).isEqualTo(Duration.ofSeconds(4));
        assertThat(w.warmupDuration()).isEqualTo(Duration.ofMillis(1500));
        assertThat(w.producerRate()).as("flat out").isEqualTo(-1);
        assertThat(w.arrivals()).isEqualTo(Workload.Arrivals.POISSON);
        assertThat(w.maxOutstandingPerProducer()).isEqualTo(10);
        assertThat(build("", new WorkloadOverrides(null, null, "search", false, null)).producerRate()).isZero();
        assertThat(build("", new WorkloadOverrides(null, null, "12_000", false, null)).producerRate()).isEqualTo(12_000);
        assertThatThrownBy(() -> new WorkloadOverrides(null, null, "fast", false, null)).hasMessageContaining("--rate fast");
    }

    @Test
    void runJsonRecordsTheValuesInTheFilesNamesAndTheyReadBackAsTheSameWorkload(@TempDir Path dir) throws IOException {
        Workload w = build("name: w\ntopics: 2\ntestDurationMinutes: 2\nkeyDistributor: RANDOM_NANO\nbacklogDrainRatio: 0.5\n",
                new WorkloadOverrides(null, Duration.ofMillis(2500), "3000", false, null));
        JsonNode values = new ObjectMapper().valueToTree(WorkloadFiles.recorded(w));
        assertThat(values.get("name").asText()).isEqualTo("w");
        assertThat(values.get("testDuration").asText()).isEqualTo("2m");
        assertThat(values.get("warmupDuration").asText()).isEqualTo("2500ms");
        assertThat(values.get("producerRate").asLong()).isEqualTo(3000);
        assertThat(values.get("backlogDrainRatio").asDouble()).isEqualTo(0.5);
        assertThat(values.get("payloadFile").isNull()).isTrue();
        byte[] yaml = new ObjectMapper(new YAMLFactory()).writeValueAsBytes(WorkloadFiles.recorded(w));
        YamlFiles.Loaded<Workload> back = WorkloadFiles.parse(yaml, "recorded.yaml");
        assertThat(back.value()).isEqualTo(w);
        assertThat(back.ignoredFields()).isEmpty();

        Workload withPayload = WorkloadFiles.read(ombLayout(dir, payload(100)), WorkloadOverrides.NONE).value();
        assertThat(new ObjectMapper().valueToTree(WorkloadFiles.recorded(withPayload)).get("payloadFile").asText())
                .as("the payload file as the workload named it, never where it was read from").isEqualTo("payload/payload-1Kb.data");
    }

    @Test
    void unknownFieldsAreReportedNotFatal() throws IOException {
        YamlFiles.Loaded<Workload> f = WorkloadFiles.parse("topics: 2\nsomeForkField: 7\n".getBytes(StandardCharsets.UTF_8), "x.yaml");
        assertThat(f.value().topics()).isEqualTo(2);
        assertThat(f.ignoredFields()).containsExactly("someForkField");
    }

    @Test
    void malformedFilesNameTheFileAndTheProblem(@TempDir Path dir) throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "topics: many\n");
        assertThatThrownBy(() -> WorkloadFiles.read(bad, WorkloadOverrides.NONE)).isInstanceOf(IOException.class)
                .hasMessageContaining("bad.yaml").hasMessageContaining("line 1");
        Path empty = dir.resolve("empty.yaml");
        Files.writeString(empty, "");
        assertThatThrownBy(() -> WorkloadFiles.read(empty, WorkloadOverrides.NONE)).hasMessageContaining("empty.yaml");
        assertThatThrownBy(() -> WorkloadFiles.read(dir.resolve("missing.yaml"), WorkloadOverrides.NONE))
                .hasMessageContaining("no such file");
        Path noPayload = dir.resolve("no-payload.yaml");
        Files.writeString(noPayload, "payloadFile: nowhere.data\n");
        assertThatThrownBy(() -> WorkloadFiles.read(noPayload, WorkloadOverrides.NONE))
                .hasMessageContaining("payloadFile nowhere.data: not found").hasMessageContaining(dir.resolve("nowhere.data").toString());
        Path shortPayload = ombLayout(dir.resolve("short"), payload(16));
        assertThatThrownBy(() -> WorkloadFiles.read(shortPayload, WorkloadOverrides.NONE)).hasMessageContaining("holds 16 bytes");
    }

    @Test
    void valuesThatCannotRunAreRefusedByName() {
        assertThatThrownBy(() -> Workload.builder().messageSize(16).build()).hasMessageContaining("messageSize 16");
        assertThatThrownBy(() -> Workload.builder().partitionsPerTopic(0).build()).hasMessageContaining("partitionsPerTopic");
        assertThatThrownBy(() -> Workload.builder().producerRate(-5).build()).hasMessageContaining("producerRate");
        assertThatThrownBy(() -> build("testDuration: soon\n", WorkloadOverrides.NONE)).hasMessageContaining("not a duration");
    }

    @Test
    void aWorkloadCannotBeChangedThroughItsPayloadBytes() {
        byte[] bytes = payload(64);
        Workload w = Workload.builder().payloadFile(new PayloadFile("p.data", bytes)).build();
        bytes[0] = 42;
        w.payloadFile().bytes()[1] = 42;
        assertThat(w.payloadFile().bytes()).isEqualTo(payload(64));
    }

    private static Workload build(String yaml, WorkloadOverrides overrides) throws IOException {
        Path dir = Files.createTempDirectory("workload");
        try {
            Path f = dir.resolve("w.yaml");
            Files.writeString(f, yaml.isEmpty() ? "name: w\n" : yaml);
            return WorkloadFiles.read(f, overrides).value();
        } finally {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}

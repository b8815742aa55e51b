package dev.crucible.launch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Apache Kafka 4.3.1 clusters started from Maven Central jars (cached in
 * {@code -Dcrucible.cache.dir}, else ~/.cache/crucible, so the download happens once per machine).
 */
class KafkaClusterTest {

    static final String VERSION = "4.3.1";

    @TempDir Path dataDir;

    static Path cacheDir() {
        String dir = System.getProperty("crucible.cache.dir");
        return dir != null ? Path.of(dir) : KafkaPeerSpec.defaultCacheDir();
    }

    private KafkaPeerSpec spec(int nodes, int basePort) {
        return spec(VERSION, nodes, basePort);
    }

    private KafkaPeerSpec spec(String version, int nodes, int basePort) {
        return new KafkaPeerSpec(version, nodes, basePort, dataDir, cacheDir(), Map.of(), "512m");
    }

    @Test
    void singleNodeRoundTripsRecordsInOrderSurvivesAKillAndCloseEndsTheJvm() throws Exception {
        List<String> progress = new CopyOnWriteArrayList<>();
        List<Long> pids;
        try (KafkaCluster peer = KafkaCluster.start(spec(1, 29092), progress::add)) {
            assertThat(peer.bootstrap()).isEqualTo("127.0.0.1:29092");
            assertThat(peer.version()).isEqualTo(VERSION);
            pids = peer.pids();
            assertThat(pids).hasSize(1);
            assertThat(ProcessHandle.of(pids.get(0))).isPresent();
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                sent.add("record-" + i);
            }
            produce(peer.bootstrap(), "round-trip", sent);
            assertThat(consume(peer.bootstrap(), "round-trip", sent.size(), "peer-test")).isEqualTo(sent);

            // A killed node comes back on the same port with its data.
            KafkaNode node = peer.node(0);
            node.kill();
            assertThat(node.alive()).isFalse();
            node.start(Duration.ofSeconds(60));
            assertThat(node.pid()).isPresent().isNotEqualTo(Optional.of(pids.get(0)));
            assertThat(consume(peer.bootstrap(), "round-trip", sent.size(), "after-restart")).isEqualTo(sent);
            pids = List.of(pids.get(0), node.pid().orElseThrow());
        }
        assertThat(pids).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
        long firstPid = pids.get(0);
        assertThat(progress)
                .anyMatch(line -> line.contains("Apache Kafka " + VERSION))
                .anyMatch(line -> line.startsWith("formatting node 1"))
                .anyMatch(line -> line.startsWith("started node 1 pid " + firstPid));
    }

    @Test
    void threeNodesFormOneClusterThatReplicatesThreeWays() throws Exception {
        List<Long> pids;
        try (KafkaCluster peer = KafkaCluster.start(spec(3, 29192), line -> {})) {
            pids = peer.pids();
            assertThat(peer.bootstrap())
                    .isEqualTo("127.0.0.1:29192,127.0.0.1:29193,127.0.0.1:29194");
            try (Admin admin = Admin.create(Map.<String, Object>of(
                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, peer.bootstrap()))) {
                assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS)).hasSize(3);
                admin.createTopics(List.of(new NewTopic("replicated", 2, (short) 3)))
                        .all().get(20, TimeUnit.SECONDS);
                TopicDescription topic = admin.describeTopics(List.of("replicated"))
                        .allTopicNames().get(10, TimeUnit.SECONDS).get("replicated");
                assertThat(topic.partitions()).hasSize(2)
                        .allSatisfy(p -> assertThat(p.replicas()).hasSize(3));
            }
        }
        assertThat(pids).hasSize(3).allSatisfy(pid ->
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    @Test
    void aReleaseMissingFromMavenCentralIsNamedInTheError() {
        KafkaPeerSpec spec = spec("9.9.9", 1, 29292);
        assertThatThrownBy(() -> KafkaCluster.start(spec, line -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("Apache Kafka 9.9.9 is not on Maven Central")
                .hasMessageContaining("org.apache.kafka:kafka_2.13:jar:9.9.9");
    }

    @Test
    void aZooKeeperEraReleaseIsRefusedBeforeAnyDownload() {
        KafkaPeerSpec spec = spec("3.2.3", 1, 29292);
        assertThatThrownBy(() -> KafkaCluster.start(spec, line -> {}))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("3.2.3 needs KRaft (3.3 or later)");
    }

    @Test
    void aBusyPortIsNamedBeforeAnythingStarts() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort() - KafkaPeerSpec.CONTROLLER_PORT_OFFSET;
            KafkaPeerSpec spec = spec(1, port);
            assertThatThrownBy(() -> KafkaCluster.start(spec, line -> {}))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("already in use on 127.0.0.1")
                    .hasMessageContaining("choose another base port");
        }
    }

    @Test
    void aNodeThatDiesWhileStartingIsReportedWithItsOwnOutput() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // The launcher checks the ports it chose; an override can still point at a busy one.
            String listener = "PLAINTEXT://127.0.0.1:" + taken.getLocalPort();
            KafkaPeerSpec spec = new KafkaPeerSpec(VERSION, 1, 29392, dataDir, cacheDir(),
                    Map.of("listeners", listener + ",CONTROLLER://127.0.0.1:29492",
                            "advertised.listeners", listener), "256m");
            assertThatThrownBy(() -> KafkaCluster.start(spec, line -> {}))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("node 1 (pid ")
                    .hasMessageContaining("exited with code")
                    .hasMessageContaining("kafka.out")
                    .hasMessageContaining("Address already in use");
        }
    }

    private static void produce(String bootstrap, String topic, List<String> values)
            throws Exception {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<String, String> producer =
                new KafkaProducer<>(config, new StringSerializer(), new StringSerializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (String value : values) {
                acks.add(producer.send(new ProducerRecord<>(topic, value)));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static List<String> consume(String bootstrap, String topic, int count, String group) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        List<String> received = new ArrayList<>();
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            while (received.size() < count && deadlineNs - System.nanoTime() > 0) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    received.add(record.value());
                }
            }
        }
        return received;
    }
}

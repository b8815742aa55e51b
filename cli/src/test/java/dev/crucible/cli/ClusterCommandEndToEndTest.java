package dev.crucible.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.launch.process.SelfCommand;
import dev.crucible.launch.process.Signals;
import dev.crucible.testing.Await;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code crucible cluster} as a user runs it: a process of its own that starts three broker-ref
 * processes, prints where they are, serves Kafka clients until SIGTERM and then leaves no node
 * running, each stopped cleanly.
 */
class ClusterCommandEndToEndTest {
    private static final Pattern READY = Pattern.compile("ready at (\\S+) \\(pids \\[([0-9, ]+)\\]\\)");
    private static final Pattern STOPPED = Pattern.compile("broker-ref node (\\d+) stopped.*");

    @TempDir Path tmp;

    @Test
    void threeNodesServeClientsUntilSigtermThenAllStopCleanly() throws Exception {
        Path data = tmp.resolve("cluster");
        Path log = tmp.resolve("cluster.out");
        long t0 = System.nanoTime();
        Process command = new ProcessBuilder(SelfCommand.withHeap("256m", Crucible.class.getName(), "cluster", "--nodes", "3",
                "--port", "0", "--data-dir", data.toString(), "--heap", "384m", "--start-timeout", "60s",
                "--set", "broker.session.timeout.ms=3000", "--set", "broker.heartbeat.interval.ms=500",
                "--set", "controller.quorum.election.timeout.ms=500"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        List<Long> nodePids = new ArrayList<>();
        try {
            Await.until(() -> "'ready at' from crucible cluster; it printed:\n" + read(log), Duration.ofSeconds(90),
                    () -> READY.matcher(read(log)).find() || !command.isAlive());
            Matcher ready = READY.matcher(read(log));
            assertThat(ready.find()).as(read(log)).isTrue();
            System.out.printf("crucible cluster ready %d ms after it started:%n%s", msSince(t0), read(log));
            String bootstrap = ready.group(1);
            Arrays.stream(ready.group(2).split(",")).map(String::strip).map(Long::valueOf).forEach(nodePids::add);
            assertThat(bootstrap.split(",")).hasSize(3).allMatch(a -> a.matches("127\\.0\\.0\\.1:\\d+"));
            assertThat(nodePids).hasSize(3).doesNotHaveDuplicates()
                    .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("node pid %d", pid).isPresent());
            assertThat(read(log)).contains("3 broker-ref node(s) on 127.0.0.1, 3 voting");

            roundTripOneRecord(bootstrap);

            long term = System.nanoTime();
            Signals.send(command.pid(), "TERM");
            assertThat(command.waitFor(60, TimeUnit.SECONDS)).as("crucible cluster exits after SIGTERM").isTrue();
            System.out.printf("crucible cluster exited %d ms after SIGTERM with %d%n", msSince(term), command.exitValue());
            // A JVM ended by SIGTERM exits 128 + 15 once its shutdown hooks (here: stopping the nodes) are done.
            assertThat(command.exitValue()).as(read(log)).isEqualTo(143);
            for (long pid : nodePids) {
                assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("node pid %d after the command exited", pid).isEmpty();
            }
            for (int id = 0; id < 3; id++) {
                Path out = data.resolve("n" + id).resolve("broker.out");
                List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
                assertThat(lines).as(out.toString()).isNotEmpty();
                String lastLine = lines.get(lines.size() - 1);
                assertThat(lastLine).as("last line of %s", out).endsWith("broker-ref node " + id + " stopped")
                        .doesNotContain("not cleanly");
                assertThat(lines.stream().filter(l -> STOPPED.matcher(l).find()).count()).as("stop lines in %s", out).isOne();
            }
        } finally {
            command.descendants().forEach(ProcessHandle::destroyForcibly);
            command.destroyForcibly();
            for (long pid : nodePids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            command.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void noNodesIsRefusedWithStatusTwoBeforeAnythingStarts() throws Exception {
        Path data = tmp.resolve("none");
        Path log = tmp.resolve("none.out");
        Process command = new ProcessBuilder(SelfCommand.withHeap("256m", Crucible.class.getName(), "cluster", "--nodes", "0",
                "--data-dir", data.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertThat(command.waitFor(60, TimeUnit.SECONDS)).as("crucible cluster --nodes 0 ends").isTrue();
            assertThat(command.exitValue()).as(read(log)).isEqualTo(2);
            assertThat(read(log).strip()).isEqualTo("crucible cluster: a cluster needs at least 1 node, not 0");
            assertThat(data).doesNotExist();
        } finally {
            command.destroyForcibly();
            command.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The cluster's three nodes are listed; a topic is created and one record goes through it and back. */
    private static void roundTripOneRecord(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS).stream().map(Node::id).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(0, 1, 2);
            admin.createTopics(List.of(new NewTopic("through", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        RecordMetadata sent;
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            sent = producer.send(new ProducerRecord<>("through", "key", "one record")).get(30, TimeUnit.SECONDS);
        }
        TopicPartition tp = new TopicPartition(sent.topic(), sent.partition());
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(tp));
            Await.until(() -> "the record back from " + tp, () -> {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    received.add(r.offset() + ":" + r.key() + "=" + r.value());
                }
                return !received.isEmpty();
            });
        }
        assertThat(received).containsExactly(sent.offset() + ":key=one record");
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    private static long msSince(long startNs) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs);
    }
}

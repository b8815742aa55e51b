package dev.crucible.broker.clients;

import dev.crucible.broker.TestCluster;
import dev.crucible.testing.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three broker-ref processes as one cluster (every node a broker and a Ratis voter), driven by
 * clients we did not write: Java kafka-clients, kcat (librdkafka) and kafka-python produce and
 * consume across partitions led by different brokers; a broker killed with SIGKILL is fenced and its
 * partitions lose their leader until it returns with its data; killing the active controller leaves
 * topic creation working.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterClientsTest {
    private static final int PARTITIONS = 6;
    @TempDir
    static Path dir;
    private static TestCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new TestCluster(dir, 3).start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            System.out.println(cluster.logs()); // the nodes' last words, for a failure's reader
            cluster.close();
        }
    }

    /** The leaders once every one of the topic's {@code partitions} has one (a new topic reaches brokers asynchronously). */
    private static Map<Integer, Integer> settledLeaders(Admin admin, String topic, int partitions) {
        Map<Integer, Integer> out = new TreeMap<>();
        await(topic + "'s " + partitions + " partitions led", Duration.ofSeconds(30), () -> {
            out.clear();
            out.putAll(leaders(admin, topic));
            return out.size() == partitions && !out.containsValue(-1);
        });
        return out;
    }

    private static Map<Integer, Integer> leaders(Admin admin, String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic);
        Map<Integer, Integer> out = new TreeMap<>();
        for (TopicPartitionInfo p : d.partitions()) {
            out.put(p.partition(), p.leader() == null ? -1 : p.leader().id());
        }
        return out;
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    /** Await.until with a condition that may throw (a client call failing while the cluster settles counts as not yet). */
    private static void await(String what, Duration limit, Check check) {
        Await.until(what, limit, () -> {
            try {
                return check.holds();
            } catch (Exception e) {
                return false;
            }
        });
    }

    @Test
    @Order(1)
    void javaClientsProduceAndConsumeAcrossPartitionsLedByDifferentBrokers() throws Exception {
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().map(Node::id).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(0, 1, 2);
            admin.createTopics(List.of(new NewTopic("spread", PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Map<Integer, Integer> leaders = settledLeaders(admin, "spread", PARTITIONS);
            assertThat(new HashSet<>(leaders.values())).as("leaders of %s", leaders).containsExactlyInAnyOrder(0, 1, 2);
        }
        // bootstrap from one broker only: the client must find the other leaders from metadata
        try (KafkaProducer<String, String> producer = JavaClients.producer(cluster.bootstrapWithout(2), Map.of("acks", "all"))) {
            for (int i = 0; i < 60; i++) {
                producer.send(new ProducerRecord<>("spread", i % PARTITIONS, "k" + i, "v" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        for (int p = 0; p < PARTITIONS; p++) {
            List<String> expected = new ArrayList<>();
            for (int i = p, offset = 0; i < 60; i += PARTITIONS, offset++) {
                expected.add(offset + ":v" + i);
            }
            assertThat(JavaClients.readAll(cluster.bootstrap(), new TopicPartition("spread", p))).as("partition %d", p)
                .containsExactlyElementsOf(expected);
        }
    }

    @Test
    @Order(2)
    void aConsumerGroupCommitsAtItsCoordinatorAndResumesFromThere() throws Exception {
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            admin.createTopics(List.of(new NewTopic("grouped", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        try (KafkaProducer<String, String> producer = JavaClients.producer(cluster.bootstrap(), Map.of())) {
            for (int i = 0; i < 30; i++) {
                producer.send(new ProducerRecord<>("grouped", i % 3, null, "g" + i)).get(30, TimeUnit.SECONDS);
            }
        }
        Set<String> first = new HashSet<>();
        try (KafkaConsumer<String, String> consumer = JavaClients.consumer(cluster.bootstrap(), "cluster-group", Map.of())) {
            consumer.subscribe(List.of("grouped"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (first.size() < 30 && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    first.add(r.value());
                }
            }
            consumer.commitSync();
        }
        assertThat(first).hasSize(30);
        try (KafkaProducer<String, String> producer = JavaClients.producer(cluster.bootstrap(), Map.of())) {
            producer.send(new ProducerRecord<>("grouped", 1, null, "late")).get(30, TimeUnit.SECONDS);
        }
        List<String> second = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = JavaClients.consumer(cluster.bootstrap(), "cluster-group", Map.of())) {
            consumer.subscribe(List.of("grouped"));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (second.isEmpty() && System.nanoTime() - deadline < 0) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    second.add(r.value());
                }
            }
        }
        assertThat(second).as("only what came after the commit").containsExactly("late");
    }

    @Test
    @Order(3)
    void kcatAndKafkaPythonProduceAndConsumeAcrossTheCluster() throws Exception {
        Proc.require(KcatTest.KCAT, "kcat");
        Proc.require(PythonClientsTest.PYTHON, "python3-kafka");
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            admin.createTopics(List.of(new NewTopic("polyglot", 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            assertThat(new HashSet<>(settledLeaders(admin, "polyglot", 3).values())).hasSize(3);
        }
        String oneBroker = cluster.bootstrapWithout(1).split(",")[0];
        for (int p = 0; p < 3; p++) {
            Proc.run(List.of(KcatTest.KCAT, "-b", oneBroker, "-P", "-t", "polyglot", "-p", String.valueOf(p)), "kcat-" + p + "\n", 60).ok();
        }
        String script = String.join("\n",
            "from kafka import KafkaProducer, KafkaConsumer, TopicPartition",
            "p = KafkaProducer(bootstrap_servers='" + oneBroker + "')",
            "for i in range(3):",
            "    p.send('polyglot', value=('py-%d' % i).encode(), partition=i).get(timeout=30)",
            "p.close()",
            "c = KafkaConsumer(bootstrap_servers='" + oneBroker + "', consumer_timeout_ms=10000)",
            "tps = [TopicPartition('polyglot', i) for i in range(3)]",
            "c.assign(tps)",
            "c.seek_to_beginning()",
            "seen = []",
            "for m in c:",
            "    seen.append('%d %d %s' % (m.partition, m.offset, m.value.decode()))",
            "    if len(seen) == 6: break",
            "print('\\n'.join(sorted(seen)))");
        Proc py = Proc.run(List.of(PythonClientsTest.PYTHON, "-c", script), null, 90).ok();
        assertThat(py.out().strip().lines()).containsExactly("0 0 kcat-0", "0 1 py-0", "1 0 kcat-1", "1 1 py-1", "2 0 kcat-2", "2 1 py-2");
        Proc consumed = Proc.run(List.of(KcatTest.KCAT, "-b", oneBroker, "-C", "-t", "polyglot", "-o", "beginning", "-e", "-q",
            "-f", "%p %o %s\\n"), null, 60).ok();
        assertThat(consumed.out().strip().lines().sorted()).containsExactly("0 0 kcat-0", "0 1 py-0", "1 0 kcat-1", "1 1 py-1",
            "2 0 kcat-2", "2 1 py-2");
    }

    @Test
    @Order(4)
    void aKilledBrokerIsFencedItsPartitionsWaitForItAndComeBackWithTheirData() throws Exception {
        try (Admin admin = JavaClients.admin(cluster.bootstrapWithout(1))) {
            cluster.node(1).kill();
            long killed = System.nanoTime();
            await("broker 1 dropped from DescribeCluster", Duration.ofSeconds(30), () ->
                admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().noneMatch(n -> n.id() == 1));
            System.out.printf("broker 1 fenced %d ms after SIGKILL (session timeout %d ms)%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed), TestCluster.SESSION_TIMEOUT_MS);
            Map<Integer, Integer> before = new TreeMap<>();
            await("no partition of spread led by the dead broker", Duration.ofSeconds(30), () -> {
                before.clear();
                before.putAll(leaders(admin, "spread"));
                return !before.containsValue(1);
            });
            assertThat(before.values()).as("its partitions have no leader: %s", before).contains(-1);
            List<Integer> orphaned = before.entrySet().stream().filter(e -> e.getValue() == -1).map(Map.Entry::getKey).toList();

            long restarted = System.nanoTime();
            cluster.node(1).launch().awaitStarted();
            System.out.printf("broker 1 serving again %d ms after its restart began%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restarted));
            await("broker 1's partitions led by it again", Duration.ofSeconds(30), () -> {
                Map<Integer, Integer> now = leaders(admin, "spread");
                return orphaned.stream().allMatch(p -> now.get(p) == 1);
            });
        }
        for (int p = 0; p < PARTITIONS; p++) {
            assertThat(JavaClients.readAll(cluster.bootstrap(), new TopicPartition("spread", p))).as("partition %d after the restart", p)
                .hasSize(10);
        }
    }

    @Test
    @Order(5)
    void killingTheActiveControllerLeavesTopicCreationWorking() throws Exception {
        int controller;
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            controller = admin.describeCluster().controller().get(10, TimeUnit.SECONDS).id();
        }
        cluster.node(controller).kill();
        long killed = System.nanoTime();
        try (Admin admin = JavaClients.admin(cluster.bootstrapWithout(controller))) {
            await("a topic created after the controller died", Duration.ofSeconds(60), () -> {
                try {
                    admin.createTopics(List.of(new NewTopic("after-failover", 2, (short) 1))).all().get(10, TimeUnit.SECONDS);
                    return true;
                } catch (java.util.concurrent.ExecutionException e) {
                    return e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException;
                }
            });
            System.out.printf("topic created %d ms after the active controller (node %d) was killed%n",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed), controller);
            // another broker may learn of the new topic a moment later (metadata reaches brokers asynchronously, as in Kafka)
            await("every broker lists the new topic", Duration.ofSeconds(30), () ->
                admin.listTopics().names().get(10, TimeUnit.SECONDS).containsAll(List.of("after-failover", "spread")));
        }
        cluster.node(controller).launch().awaitStarted();
    }

    @Test
    @Order(6)
    void deletingAndGrowingTopicsGoThroughTheQuorumAndEveryBrokersLogsFollow() throws Exception {
        try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
            admin.createPartitions(Map.of("spread", org.apache.kafka.clients.admin.NewPartitions.increaseTo(9))).all()
                .get(30, TimeUnit.SECONDS);
            await("9 partitions of spread, each led by a live broker", Duration.ofSeconds(30), () -> {
                Map<Integer, Integer> now = leaders(admin, "spread");
                return now.size() == 9 && now.values().stream().allMatch(l -> l >= 0 && l <= 2);
            });
            try (KafkaProducer<String, String> producer = JavaClients.producer(cluster.bootstrap(), Map.of())) {
                producer.send(new ProducerRecord<>("spread", 8, null, "grown")).get(30, TimeUnit.SECONDS);
            }
            assertThat(JavaClients.readAll(cluster.bootstrap(), new TopicPartition("spread", 8))).containsExactly("0:grown");

            admin.deleteTopics(List.of("polyglot")).all().get(30, TimeUnit.SECONDS);
            assertThat(admin.listTopics().names().get(10, TimeUnit.SECONDS)).doesNotContain("polyglot").contains("spread");
        }
        await("polyglot's partition directories gone from every broker", Duration.ofSeconds(30), () -> {
            for (int i = 0; i < cluster.size(); i++) {
                try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir.resolve("n" + i))) {
                    if (files.anyMatch(f -> f.getFileName().toString().startsWith("polyglot-"))) {
                        return false;
                    }
                }
            }
            return true;
        });
    }
}

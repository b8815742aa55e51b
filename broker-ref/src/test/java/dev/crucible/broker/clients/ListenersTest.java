package dev.crucible.broker.clients;

import dev.crucible.broker.Broker;
import dev.crucible.broker.TestCluster;
import dev.crucible.broker.config.BrokerConfig;
import dev.crucible.testing.Await;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A broker serves every data listener of {@code listeners} and answers each client with the addresses
 * of the listener it connected through, as Kafka does: Metadata, DescribeCluster and FindCoordinator
 * from a client bootstrapped at the REPLICATION listener name REPLICATION ports, from one at the client
 * listener client ports; every broker registers both.
 */
class ListenersTest {
    private static final int PARTITIONS = 3;

    @Test
    void aClusterAnswersEachListenerWithThatListenersEndpoints(@TempDir Path dir) throws Exception {
        try (TestCluster cluster = TestCluster.withReplicationListener(dir, 3).start()) {
            Map<Integer, Integer> clientPorts = byNode(cluster.clientPorts());
            Map<Integer, Integer> replicationPorts = byNode(cluster.replicationPorts());
            try (Admin admin = JavaClients.admin(cluster.bootstrap())) {
                admin.createTopics(List.of(new NewTopic("both", PARTITIONS, (short) 1))).all().get(30, TimeUnit.SECONDS);
            }
            try {
                seesOnly(cluster.bootstrap(), clientPorts);
                seesOnly(cluster.replicationBootstrap(), replicationPorts);
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + cluster.logs(), e);
            }
            // a record produced through one listener is read back through the other
            try (KafkaProducer<String, String> producer = JavaClients.producer(cluster.replicationBootstrap(), Map.of("acks", "all"))) {
                for (int p = 0; p < PARTITIONS; p++) {
                    producer.send(new ProducerRecord<>("both", p, null, "r" + p)).get(30, TimeUnit.SECONDS);
                }
            }
            for (int p = 0; p < PARTITIONS; p++) {
                assertThat(JavaClients.readAll(cluster.bootstrap(), new TopicPartition("both", p))).containsExactly("0:r" + p);
            }
        }
    }

    /** Node id to port: node i listens on ports.get(i). */
    private static Map<Integer, Integer> byNode(List<Integer> ports) {
        Map<Integer, Integer> out = new HashMap<>();
        for (int i = 0; i < ports.size(); i++) {
            out.put(i, ports.get(i));
        }
        return out;
    }

    /** Every broker a client bootstrapped at {@code bootstrap} learns of, by each API, is at its port in {@code expected}. */
    private static void seesOnly(String bootstrap, Map<Integer, Integer> expected) throws Exception {
        try (Admin admin = JavaClients.admin(bootstrap)) {
            // DescribeCluster
            assertThat(ports(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))).as("DescribeCluster via " + bootstrap)
                .isEqualTo(expected);
            // FindCoordinator
            Node coordinator = coordinator(admin, bootstrap, "both");
            assertThat(coordinator.port()).as("FindCoordinator via " + bootstrap).isEqualTo(expected.get(coordinator.id()));
        }
        // Metadata: the brokers and the partitions' leaders
        try (KafkaConsumer<String, String> consumer = JavaClients.consumer(bootstrap, null, Map.of())) {
            List<PartitionInfo> partitions = new java.util.ArrayList<>();
            Await.until("the partitions of 'both' led, via " + bootstrap, Duration.ofSeconds(30), () -> {
                partitions.clear();
                partitions.addAll(consumer.partitionsFor("both", Duration.ofSeconds(10)));
                return partitions.size() == PARTITIONS && partitions.stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty());
            });
            Set<Integer> leaders = new HashSet<>();
            for (PartitionInfo p : partitions) {
                assertThat(p.leader().port()).as("Metadata via " + bootstrap + ": leader of " + p).isEqualTo(expected.get(p.leader().id()));
                assertThat(p.leader().host()).isEqualTo("127.0.0.1");
                leaders.add(p.leader().id());
            }
            assertThat(leaders).as("the partitions are spread over the brokers").hasSizeGreaterThan(1);
        }
    }

    /** The coordinator the admin client is given for a group that has committed an offset of {@code topic}'s partition 0. */
    private static Node coordinator(Admin admin, String bootstrap, String topic) throws Exception {
        String group = "group-" + bootstrap.hashCode();
        try (KafkaConsumer<String, String> consumer = JavaClients.consumer(bootstrap, group, Map.of())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.commitSync(Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(0)), Duration.ofSeconds(30));
        }
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get(30, TimeUnit.SECONDS).get(group);
        return d.coordinator();
    }

    private static Map<Integer, Integer> ports(java.util.Collection<Node> nodes) {
        return nodes.stream().collect(Collectors.toMap(Node::id, Node::port));
    }

    @Test
    void aBrokerAloneAnswersEachListenerWithThePortThatListenerBound(@TempDir Path dir) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("log.dirs", dir.toString());
        settings.put("listeners", "PLAINTEXT://127.0.0.1:0,REPLICATION://127.0.0.1:0");
        settings.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,REPLICATION:PLAINTEXT");
        settings.put("inter.broker.listener.name", "REPLICATION");
        try (Broker broker = Broker.start(BrokerConfig.fromMap(settings))) {
            int client = broker.port();
            int replication = broker.port("REPLICATION");
            assertThat(client).isNotEqualTo(replication).isEqualTo(broker.port("PLAINTEXT"));
            for (int port : List.of(client, replication)) {
                String bootstrap = "127.0.0.1:" + port;
                try (KafkaConsumer<String, String> consumer = JavaClients.consumer(bootstrap, null, Map.of())) {
                    List<PartitionInfo> partitions = consumer.partitionsFor("alone", Duration.ofSeconds(30));
                    assertThat(partitions).isNotEmpty().allSatisfy(p -> assertThat(p.leader().port()).as("Metadata via " + bootstrap)
                        .isEqualTo(port));
                }
                try (Admin admin = JavaClients.admin(bootstrap)) {
                    assertThat(ports(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS))).as("DescribeCluster via " + bootstrap)
                        .isEqualTo(Map.of(0, port));
                    assertThat(coordinator(admin, bootstrap, "alone").port()).as("FindCoordinator via " + bootstrap).isEqualTo(port);
                }
            }
        }
    }
}

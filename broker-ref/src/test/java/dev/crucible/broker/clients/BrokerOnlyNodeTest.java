package dev.crucible.broker.clients;

import dev.crucible.broker.TestCluster;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A cluster with a broker-only node (process.roles=broker): one combined node holds the quorum, the
 * other follows it as a Ratis client; both lead partitions and clients bootstrapped at the broker-only
 * node create, produce and consume as anywhere else.
 */
class BrokerOnlyNodeTest {

    @Test
    void aBrokerOnlyNodeJoinsLeadsPartitionsAndServesClients(@TempDir Path dir) throws Exception {
        try (TestCluster cluster = new TestCluster(dir, 2, 1).start()) {
            String brokerOnly = cluster.bootstrapWithout(0);
            try (Admin admin = JavaClients.admin(brokerOnly)) {
                assertThat(admin.describeCluster().nodes().get(10, TimeUnit.SECONDS).stream().map(Node::id).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(0, 1);
                admin.createTopics(List.of(new NewTopic("two", 4, (short) 1))).all().get(30, TimeUnit.SECONDS);
                // the broker admin asks next may learn of the topic a moment later (metadata reaches brokers asynchronously)
                Set<Integer> leaders = new java.util.HashSet<>();
                dev.crucible.testing.Await.until("both brokers lead partitions of the new topic", java.time.Duration.ofSeconds(30), () -> {
                    try {
                        TopicDescription d = admin.describeTopics(List.of("two")).allTopicNames().get(10, TimeUnit.SECONDS).get("two");
                        leaders.clear();
                        d.partitions().stream().map(TopicPartitionInfo::leader).map(Node::id).forEach(leaders::add);
                        return leaders.size() == 2;
                    } catch (Exception e) {
                        return false;
                    }
                });
                assertThat(leaders).containsExactlyInAnyOrder(0, 1);
            }
            try (KafkaProducer<String, String> producer = JavaClients.producer(brokerOnly, Map.of())) {
                for (int p = 0; p < 4; p++) {
                    producer.send(new ProducerRecord<>("two", p, null, "r" + p)).get(30, TimeUnit.SECONDS);
                }
            }
            for (int p = 0; p < 4; p++) {
                assertThat(JavaClients.readAll(brokerOnly, new TopicPartition("two", p))).containsExactly("0:r" + p);
            }
        }
    }
}

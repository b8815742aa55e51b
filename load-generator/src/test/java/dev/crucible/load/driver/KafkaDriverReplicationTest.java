package dev.crucible.load.driver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.load.clock.LoadClock;
import dev.crucible.load.workload.DriverSettings;
import dev.crucible.load.workload.YamlFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An OMB driver file (replicationFactor 3, min.insync.replicas 2) against one broker-ref node. */
class KafkaDriverReplicationTest {
    private static final Path OMB_DRIVER = Path.of("src/test/resources/omb/kafka-driver.yaml");

    @TempDir Path dir;

    @Test
    void topicsOfAnOmbDriverGetAsManyReplicasAsTheTargetHasBrokers() throws Exception {
        DriverSettings omb = new YamlFiles<>(DriverSettings.class).read(OMB_DRIVER).value();
        assertThat(omb.replicationFactor).isEqualTo((short) 3);
        try (BrokerRefInProcess broker = new BrokerRefInProcess(dir.resolve("data"));
                KafkaDriver driver = new KafkaDriver(broker.bootstrap(), omb, LoadClock.system())) {
            TopicReplication r = driver.createTopics(List.of("omb-a", "omb-b"), 3);
            assertThat(r.brokers()).as("learnt from the target").isEqualTo(1);
            assertThat(r.requested()).isEqualTo((short) 3);
            assertThat(r.used()).isEqualTo((short) 1);
            try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrap()))) {
                Map<String, TopicDescription> topics = admin.describeTopics(List.of("omb-a", "omb-b")).allTopicNames()
                        .get(30, TimeUnit.SECONDS);
                assertThat(topics).containsOnlyKeys("omb-a", "omb-b");
                for (TopicDescription t : topics.values()) {
                    assertThat(t.partitions()).hasSize(3).allSatisfy(p -> assertThat(p.replicas()).hasSize(1));
                }
                ConfigResource a = new ConfigResource(ConfigResource.Type.TOPIC, "omb-a");
                Config config = admin.describeConfigs(Set.of(a)).all().get(30, TimeUnit.SECONDS).get(a);
                assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
            }
        }
    }
}

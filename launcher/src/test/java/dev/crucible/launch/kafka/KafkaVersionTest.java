package dev.crucible.launch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.launch.cluster.NodeHost;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which releases the launcher accepts and what it writes for them, without starting anything. */
class KafkaVersionTest {

    @Test
    void kraftReleasesAreAcceptedAndPickTheirOwnLogBackend() throws IOException {
        assertThat(KafkaVersion.parseKraft("3.3.0").logBinding()).isEqualTo(LogBinding.RELOAD4J);
        assertThat(KafkaVersion.parseKraft("3.9.1").logBinding()).isEqualTo(LogBinding.RELOAD4J);
        assertThat(KafkaVersion.parseKraft("4.3.1").logBinding()).isEqualTo(LogBinding.LOG4J2);
        assertThat(KafkaVersion.parseKraft(" 4.0.0 ").toString()).isEqualTo("4.0.0");
    }

    @Test
    void zooKeeperReleasesAndNonsenseAreRefusedClearly() {
        assertThatThrownBy(() -> KafkaVersion.parseKraft("3.2.3"))
                .isInstanceOf(IOException.class).hasMessageContaining("needs KRaft (3.3 or later)");
        assertThatThrownBy(() -> KafkaVersion.parseKraft("0.0.0-nope"))
                .isInstanceOf(IOException.class).hasMessageContaining("needs KRaft (3.3 or later)");
        assertThatThrownBy(() -> KafkaVersion.parseKraft("latest"))
                .isInstanceOf(IOException.class).hasMessageContaining("not an Apache Kafka release");
        assertThatThrownBy(() -> KafkaVersion.parseKraft("4.0.0</version><x>"))
                .isInstanceOf(IOException.class).hasMessageContaining("not an Apache Kafka release");
    }

    @Test
    void serverPropertiesListEveryVoterAndLetOverridesWin() {
        KafkaPeerSpec spec = new KafkaPeerSpec("4.3.1", 3, 20000, Path.of("d"), Path.of("c"),
                Map.of("num.partitions", "6"), "1g");
        Map<String, String> node2 = ServerProperties.of(spec, 1, Path.of("/data/node-2"));
        assertThat(node2)
                .containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters",
                        "1@127.0.0.1:20100,2@127.0.0.1:20101,3@127.0.0.1:20102")
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:20001,CONTROLLER://127.0.0.1:20101")
                .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:20001")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("num.partitions", "6");
        assertThat(ServerProperties.of(spec.withNodes(1), 0, Path.of("/d")))
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1");
    }

    @Test
    void placedNodesTalkOnTheirOwnAddressesAndServeClientsThroughTheHostSide() {
        List<NodeHost> hosts = List.of(
                new NodeHost("10.9.0.2", List.of("ip", "netns", "exec", "a")),
                new NodeHost("10.9.0.3", List.of("ip", "netns", "exec", "b")),
                new NodeHost("10.9.0.4", List.of("ip", "netns", "exec", "c")));
        KafkaPeerSpec spec = new KafkaPeerSpec("4.3.1", 3, 20000, Path.of("d"), Path.of("c"), Map.of(), "1g")
                .withAdvertisedPorts(List.of(41000, 41001, 41002)).withPlacement(hosts);
        assertThat(ServerProperties.of(spec, 1, Path.of("/data/node-2")))
                .containsEntry("controller.quorum.voters", "1@10.9.0.2:20100,2@10.9.0.3:20101,3@10.9.0.4:20102")
                .containsEntry("listeners",
                        "INTERNAL://10.9.0.3:20001,EXTERNAL://10.9.0.3:20201,CONTROLLER://10.9.0.3:20101")
                .containsEntry("advertised.listeners", "INTERNAL://10.9.0.3:20001,EXTERNAL://127.0.0.1:41001")
                .containsEntry("inter.broker.listener.name", "INTERNAL");
        assertThat(spec.commandPrefix(2)).containsExactly("ip", "netns", "exec", "c");
        assertThat(spec.withBasePort(21000).placement()).isEqualTo(hosts);
        assertThatThrownBy(() -> spec.withNodes(1).withPlacement(hosts))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("3 placements for 1 nodes");
    }
}

package dev.crucible.load.peer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
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
}

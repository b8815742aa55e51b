package dev.crucible.broker.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The cluster keys, read as Kafka's KRaft nodes write them in server.properties. */
class ClusterConfigTest {

    /** A combined node of a 3-node KRaft cluster, in the shape of Kafka's own server.properties. */
    private static String kafkaStyle(int nodeId) {
        return String.join("\n",
            "# a KRaft node that is broker and controller",
            "process.roles=broker,controller",
            "node.id=" + nodeId,
            "controller.quorum.voters=1@host-a:9093,2@host-b:9093,3@host-c:9093",
            "listeners=PLAINTEXT://:9092,CONTROLLER://:9093",
            "inter.broker.listener.name=PLAINTEXT",
            "advertised.listeners=PLAINTEXT://host-" + (char) ('a' + nodeId - 1) + ":9092,CONTROLLER://host-" + (char) ('a' + nodeId - 1)
                + ":9093",
            "controller.listener.names=CONTROLLER",
            "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SSL:SSL,SASL_PLAINTEXT:SASL_PLAINTEXT,SASL_SSL:SASL_SSL",
            "num.network.threads=3",
            "num.io.threads=8",
            "log.dirs=/tmp/kraft-combined-logs",
            "num.partitions=1",
            "offsets.topic.replication.factor=1",
            "log.retention.hours=168",
            "log.segment.bytes=1073741824",
            "");
    }

    @Test
    void aKafkaServerPropertiesOfAThreeNodeClusterIsReadUnchanged(@TempDir Path dir) throws Exception {
        for (int node = 1; node <= 3; node++) {
            Path file = dir.resolve("server-" + node + ".properties");
            Files.writeString(file, kafkaStyle(node));
            BrokerConfig config = BrokerConfig.load(file, Map.of());
            ClusterConfig c = config.cluster();
            assertThat(c.standalone()).isFalse();
            assertThat(c.broker()).isTrue();
            assertThat(c.controller()).isTrue();
            assertThat(c.voters()).containsExactly(new ClusterConfig.Voter(1, "host-a", 9093), new ClusterConfig.Voter(2, "host-b", 9093),
                new ClusterConfig.Voter(3, "host-c", 9093));
            String host = "host-" + (char) ('a' + node - 1);
            assertThat(c.self()).isEqualTo(new ClusterConfig.Voter(node, host, 9093));
            assertThat(c.controllerListener()).as("an empty listener host: every interface").isEqualTo(new ClusterConfig.Voter(node, "0.0.0.0",
                9093));
            assertThat(config.nodeId()).isEqualTo(node);
            assertThat(config.port()).isEqualTo(9092);
            assertThat(config.advertisedHost()).isEqualTo(host);
            assertThat(config.advertisedPort()).isEqualTo(9092);
            assertThat(config.networkThreads()).isEqualTo(3);
            assertThat(c.sessionTimeoutMs()).isEqualTo(9_000);
            assertThat(c.heartbeatIntervalMs()).isEqualTo(2_000);
            assertThat(config.unknownKeys()).as("keys with Kafka's meaning are read").doesNotContain("process.roles",
                "controller.quorum.voters", "controller.listener.names", "listener.security.protocol.map", "inter.broker.listener.name",
                "advertised.listeners");
        }
        // the three nodes agree on what the cluster is, whatever node they are
        assertThat(BrokerConfig.load(dir.resolve("server-1.properties"), Map.of()).cluster().clusterName())
            .isEqualTo(BrokerConfig.load(dir.resolve("server-3.properties"), Map.of()).cluster().clusterName());
    }

    private static BrokerConfig of(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            m.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return BrokerConfig.fromMap(m);
    }

    @Test
    void withoutProcessRolesTheBrokerRunsAloneAsBefore() {
        BrokerConfig config = of("listeners=PLAINTEXT://127.0.0.1:9092");
        assertThat(config.cluster().standalone()).isTrue();
        assertThat(config.port()).isEqualTo(9092);
    }

    @Test
    void bootstrapServersNameTheVotersByAddressAndANodeFindsItselfByItsControllerListener() {
        BrokerConfig config = of("process.roles=broker,controller", "node.id=7",
            "controller.quorum.bootstrap.servers=127.0.0.1:9193,127.0.0.1:9194,127.0.0.1:9195",
            "listeners=PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9194");
        assertThat(config.cluster().voters()).extracting(ClusterConfig.Voter::port).containsExactly(9193, 9194, 9195);
        assertThat(config.cluster().self()).isEqualTo(new ClusterConfig.Voter(-1, "127.0.0.1", 9194));
        assertThat(config.cluster().controllerListener()).isEqualTo(new ClusterConfig.Voter(7, "127.0.0.1", 9194));
    }

    @Test
    void votersOnOnePortOfSeveralHostsAreToldApartByWhichHostIsThisMachine() {
        BrokerConfig config = of("process.roles=broker,controller", "node.id=2",
            "controller.quorum.bootstrap.servers=192.0.2.10:9093,127.0.0.1:9093,192.0.2.12:9093",
            "listeners=PLAINTEXT://:9092,CONTROLLER://:9093");
        assertThat(config.cluster().self()).isEqualTo(new ClusterConfig.Voter(-1, "127.0.0.1", 9093));
        assertThat(config.cluster().controllerListener()).isEqualTo(new ClusterConfig.Voter(2, "0.0.0.0", 9093));
    }

    @Test
    void aBrokerOnlyNodeHasNoControllerListener() {
        BrokerConfig config = of("process.roles=broker", "node.id=4", "controller.quorum.voters=0@127.0.0.1:9193",
            "listeners=PLAINTEXT://127.0.0.1:9096");
        assertThat(config.cluster().controller()).isFalse();
        assertThat(config.cluster().controllerListener()).isNull();
    }

    @Test
    void everyDataListenerIsAdvertisedByNameAndTheInterBrokerOneIsNamed() {
        BrokerConfig config = of("process.roles=broker,controller", "node.id=1", "controller.quorum.voters=1@127.0.0.1:9093",
            "listeners=PLAINTEXT://:9092,replication://127.0.0.1:9094,CONTROLLER://127.0.0.1:9093",
            "advertised.listeners=PLAINTEXT://proxy.example:41000,CONTROLLER://127.0.0.1:9093",
            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,REPLICATION:PLAINTEXT,CONTROLLER:PLAINTEXT",
            "inter.broker.listener.name=REPLICATION");
        ClusterConfig c = config.cluster();
        assertThat(c.dataListeners()).as("listener names are upper-cased, the controller's is not a data listener").containsExactly(
            new DataListener("PLAINTEXT", "", 9092, "proxy.example", 41000),
            new DataListener("REPLICATION", "127.0.0.1", 9094, "127.0.0.1", 9094));
        assertThat(c.interBrokerListener()).isEqualTo("REPLICATION");
        assertThat(c.interBrokerDataListener()).isEqualTo(c.dataListener("REPLICATION"));
        assertThat(c.primaryListener().name()).isEqualTo("PLAINTEXT");
        assertThat(c.dataListener("CONTROLLER")).isNull();
        assertThat(config.port()).as("the primary listener keeps the broker's own fields").isEqualTo(9092);
        assertThat(config.advertisedHost()).isEqualTo("proxy.example");
        assertThat(config.advertisedPort()).isEqualTo(41000);
        assertThat(c.controllerListener()).isEqualTo(new ClusterConfig.Voter(1, "127.0.0.1", 9093));
    }

    @Test
    void withoutInterBrokerListenerNameTheFirstDataListenerIsUsedAndAnUnadvertisedWildcardIsLocalhost() {
        BrokerConfig config = of("listeners=CONTROLLER://:9093,INTERNAL://0.0.0.0:9092,EXTERNAL://127.0.0.1:9292",
            "listener.security.protocol.map=INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
        assertThat(config.cluster().interBrokerListener()).isEqualTo("INTERNAL");
        assertThat(config.cluster().dataListeners()).containsExactly(new DataListener("INTERNAL", "0.0.0.0", 9092, "localhost", 9092),
            new DataListener("EXTERNAL", "127.0.0.1", 9292, "127.0.0.1", 9292));
        // one listener alone, as before: it is the primary, the inter-broker one, and advertised as itself
        BrokerConfig alone = of("listeners=PLAINTEXT://127.0.0.1:0");
        assertThat(alone.cluster().dataListeners()).containsExactly(new DataListener("PLAINTEXT", "127.0.0.1", 0, "127.0.0.1", 0));
        assertThat(alone.cluster().interBrokerListener()).isEqualTo("PLAINTEXT");
        // listeners on port 0 each take a free port: not a clash
        assertThat(of("listeners=PLAINTEXT://127.0.0.1:0,REPLICATION://127.0.0.1:0", "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,"
            + "REPLICATION:PLAINTEXT").cluster().dataListeners()).hasSize(2);
    }

    @Test
    void thePortFlagMovesOnlyThePrimaryListener() throws Exception {
        Map<String, String> merged = new BrokerSettings(null, Map.of(
            "listeners", "CONTROLLER://127.0.0.1:9093,PLAINTEXT://127.0.0.1:9092,REPLICATION://[::1]:9094",
            "listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,REPLICATION:PLAINTEXT,CONTROLLER:PLAINTEXT"),
            null, null, null, 9500).merged();
        assertThat(merged.get("listeners")).isEqualTo("CONTROLLER://127.0.0.1:9093,PLAINTEXT://127.0.0.1:9500,REPLICATION://[::1]:9094");
        assertThat(new BrokerSettings(null, Map.of(), null, null, null, 9500).merged().get("listeners")).isEqualTo("PLAINTEXT://:9500");
    }

    @Test
    void mistakesAreRefusedNamingTheKey() {
        List<String[]> bad = List.of(
            new String[] {"process.roles", "process.roles=broker,bouncer", "controller.quorum.voters=0@h:1"},
            new String[] {"controller-only", "process.roles=controller", "controller.quorum.voters=0@h:1"},
            new String[] {"must name the metadata quorum", "process.roles=broker"},
            new String[] {"is not among the voters", "process.roles=broker,controller", "node.id=5", "controller.quorum.voters=0@h:9193",
                "listeners=PLAINTEXT://:9092,CONTROLLER://:9194"},
            new String[] {"controller.quorum.voters", "process.roles=broker", "controller.quorum.voters=h:9193"},
            new String[] {"listed twice", "process.roles=broker", "controller.quorum.voters=0@h:9193,0@g:9193"},
            new String[] {"process.roles is not", "controller.quorum.voters=0@h:9193"},
            new String[] {"broker.heartbeat.interval.ms", "process.roles=broker", "controller.quorum.voters=0@h:9193",
                "broker.heartbeat.interval.ms=9000", "broker.session.timeout.ms=9000"},
            new String[] {"only PLAINTEXT", "listeners=SSL://:9093"},
            new String[] {"every listener is a controller listener", "listeners=CONTROLLER://:9093"},
            new String[] {"inter.broker.listener.name: INTERNAL is not a listener of listeners; one of PLAINTEXT, REPLICATION",
                "listeners=PLAINTEXT://:9092,REPLICATION://:9094", "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,REPLICATION:PLAINTEXT",
                "inter.broker.listener.name=INTERNAL"},
            new String[] {"inter.broker.listener.name: CONTROLLER is not a data listener (it is the controller's)",
                "listeners=PLAINTEXT://:9092,CONTROLLER://:9093", "inter.broker.listener.name=CONTROLLER"},
            new String[] {"listeners: PLAINTEXT and REPLICATION are both on port 9092",
                "listeners=PLAINTEXT://127.0.0.1:9092,REPLICATION://10.0.0.1:9092",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,REPLICATION:PLAINTEXT"},
            new String[] {"listeners: PLAINTEXT and CONTROLLER are both on port 9092", "listeners=PLAINTEXT://:9092,CONTROLLER://:9092"},
            new String[] {"listener.security.protocol.map: no entry for listener REPLICATION",
                "listeners=PLAINTEXT://:9092,REPLICATION://:9094", "listener.security.protocol.map=PLAINTEXT:PLAINTEXT"},
            new String[] {"listener.security.protocol.map: no entry for listener CONTROLLER",
                "listeners=PLAINTEXT://:9092,CONTROLLER://:9093", "listener.security.protocol.map=PLAINTEXT:PLAINTEXT"},
            new String[] {"listener.security.protocol.map: listener REPLICATION has no security protocol",
                "listeners=PLAINTEXT://:9092,REPLICATION://:9094"},
            new String[] {"only PLAINTEXT listeners are supported, got REPLICATION (SSL)",
                "listeners=PLAINTEXT://:9092,REPLICATION://:9094", "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,REPLICATION:SSL"},
            new String[] {"only PLAINTEXT listeners are supported, got CONTROLLER (SASL_SSL)",
                "listeners=PLAINTEXT://:9092,CONTROLLER://:9093", "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:SASL_SSL"},
            new String[] {"listener.security.protocol.map: expected NAME:PROTOCOL", "listener.security.protocol.map=PLAINTEXT"},
            new String[] {"listeners: listener name PLAINTEXT appears twice", "listeners=PLAINTEXT://:9092,plaintext://:9094"},
            new String[] {"advertised.listeners: EXTERNAL is not a listener of listeners (PLAINTEXT)",
                "listeners=PLAINTEXT://:9092", "advertised.listeners=EXTERNAL://proxy:41000"});
        for (String[] c : bad) {
            String[] pairs = java.util.Arrays.copyOfRange(c, 1, c.length);
            assertThatThrownBy(() -> of(pairs)).as(String.join(" ", pairs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(c[0]);
        }
    }
}

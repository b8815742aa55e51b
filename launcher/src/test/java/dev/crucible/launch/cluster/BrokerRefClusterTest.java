package dev.crucible.launch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.launch.process.Tcp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The layout of a broker-ref cluster: ports, voters, roles and the command line of each node. */
class BrokerRefClusterTest {
    private static final List<String> BROKER = List.of("crucible", "broker");
    private static final Path DIR = Path.of("/runs/c");

    @Test
    void defaultVotersAreTheLargestOddCountUpToFive() {
        int[][] expected = {{1, 1}, {2, 1}, {3, 3}, {4, 3}, {5, 5}, {6, 5}, {7, 5}, {12, 5}};
        for (int[] e : expected) {
            assertThat(BrokerRefCluster.defaultVoters(e[0])).as(e[0] + " nodes").isEqualTo(e[1]);
        }
        assertThatThrownBy(() -> BrokerRefCluster.defaultVoters(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 node");
    }

    private static final String PROTOCOLS = "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,REPLICATION:PLAINTEXT,CONTROLLER:PLAINTEXT";

    @Test
    void threeNodesAreThreeVotersWithControllerThenReplicationPortsAfterTheClientPorts() throws IOException {
        int base = freeBase(3);
        BrokerRefCluster cluster = BrokerRefCluster.onLoopback(3, BrokerRefCluster.defaultVoters(3), base);
        List<BrokerRefNode> nodes = cluster.nodes(BROKER, DIR, List.of());
        String voters = "0@127.0.0.1:" + (base + 3) + ",1@127.0.0.1:" + (base + 4) + ",2@127.0.0.1:" + (base + 5);
        assertThat(nodes.get(1).launch().command()).containsExactly("crucible", "broker",
                "--node-id", "1", "--data-dir", "/runs/c/n1/data",
                "--set", "listeners=PLAINTEXT://127.0.0.1:" + (base + 1) + ",REPLICATION://127.0.0.1:" + (base + 7)
                        + ",CONTROLLER://127.0.0.1:" + (base + 4),
                "--set", "advertised.listeners=PLAINTEXT://127.0.0.1:" + (base + 1) + ",REPLICATION://127.0.0.1:" + (base + 7),
                "--set", PROTOCOLS,
                "--set", "inter.broker.listener.name=REPLICATION",
                "--set", "controller.listener.names=CONTROLLER",
                "--set", "process.roles=broker,controller",
                "--set", "controller.quorum.voters=" + voters);
        assertThat(nodes).extracting(Node::name).containsExactly("n0", "n1", "n2");
        assertThat(nodes).extracting(Node::bootstrap)
                .containsExactly("127.0.0.1:" + base, "127.0.0.1:" + (base + 1), "127.0.0.1:" + (base + 2));
        assertThat(nodes.get(2).logFile()).isEqualTo(Path.of("/runs/c/n2/broker.out"));
        assertThat(nodes.get(2).launch().workDir()).isEqualTo(Path.of("/runs/c/n2"));
        assertThat(cluster.bootstrap()).isEqualTo("127.0.0.1:" + base + ",127.0.0.1:" + (base + 1) + ",127.0.0.1:" + (base + 2));
    }

    @Test
    void theFourthOfFourNodesIsABrokerOnlyWithoutAControllerListenerButKnowsTheVoters() throws IOException {
        int base = freeBase(4);
        BrokerRefCluster cluster = BrokerRefCluster.onLoopback(4, BrokerRefCluster.defaultVoters(4), base);
        List<String> command = cluster.nodes(BROKER, DIR, List.of("--broken", "x")).get(3).launch().command();
        assertThat(command).containsExactly("crucible", "broker",
                "--node-id", "3", "--data-dir", "/runs/c/n3/data",
                "--set", "listeners=PLAINTEXT://127.0.0.1:" + (base + 3) + ",REPLICATION://127.0.0.1:" + (base + 11),
                "--set", "advertised.listeners=PLAINTEXT://127.0.0.1:" + (base + 3) + ",REPLICATION://127.0.0.1:" + (base + 11),
                "--set", PROTOCOLS,
                "--set", "inter.broker.listener.name=REPLICATION",
                "--set", "controller.listener.names=CONTROLLER",
                "--set", "process.roles=broker",
                "--set", "controller.quorum.voters=0@127.0.0.1:" + (base + 4) + ",1@127.0.0.1:" + (base + 5)
                        + ",2@127.0.0.1:" + (base + 6),
                "--broken", "x");
    }

    @ParameterizedTest(name = "{0} nodes, {1} voters")
    @CsvSource({"1, 1", "3, 3", "4, 3", "5, 5", "7, 5"})
    void everyNodeKnowsTheSameVotersAndOnlyTheyHaveAControllerListener(int n, int voters) throws IOException {
        BrokerRefCluster cluster = BrokerRefCluster.onLoopback(n, BrokerRefCluster.defaultVoters(n), 0);
        assertThat(cluster.voters()).isEqualTo(voters);
        assertThat(cluster.quorumVoters().split(",")).hasSize(voters);
        for (int i = 0; i < n; i++) {
            List<String> options = cluster.settingOptions(i);
            boolean voter = i < voters;
            assertThat(options).as("n" + i).contains("controller.quorum.voters=" + cluster.quorumVoters())
                    .contains(voter ? "process.roles=broker,controller" : "process.roles=broker");
            String listeners = options.get(options.indexOf("--set") + 1);
            assertThat(listeners.contains(",CONTROLLER://127.0.0.1:")).as(listeners).isEqualTo(voter);
        }
    }

    @Test
    void freePortsWhenTheBaseIsZeroAreAllDistinct() throws IOException {
        BrokerRefCluster cluster = BrokerRefCluster.onLoopback(5, 5, 0);
        Set<Integer> ports = new HashSet<>();
        for (BrokerRefCluster.Place p : cluster.places()) {
            ports.add(p.clientPort());
            ports.add(p.controllerPort());
            ports.add(p.replicationPort());
            assertThat(p.clientPort()).isPositive();
        }
        assertThat(ports).hasSize(15);
    }

    @Test
    void aPortInUseIsNamedWithItsRole() throws IOException {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            assertThatThrownBy(() -> BrokerRefCluster.onLoopback(1, 1, port)).isInstanceOf(IOException.class)
                    .hasMessageContaining("port " + port + " (client port of n0) is already in use");
            if (port > 3) {
                assertThatThrownBy(() -> BrokerRefCluster.onLoopback(3, 3, port - 3)).isInstanceOf(IOException.class)
                        .hasMessageContaining("port " + port + " (controller port of n0) is already in use");
            }
            if (port > 6) {
                assertThatThrownBy(() -> BrokerRefCluster.onLoopback(3, 3, port - 6)).isInstanceOf(IOException.class)
                        .hasMessageContaining("port " + port + " (replication port of n0) is already in use")
                        .hasMessageContaining("BASE+6+i for the other brokers");
            }
        }
    }

    @Test
    void countsAndPortsOutOfRangeAreRefusedByName() {
        assertThatThrownBy(() -> BrokerRefCluster.onLoopback(0, 1, 9092)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 1 node, not 0");
        assertThatThrownBy(() -> BrokerRefCluster.onLoopback(3, 3, 65_531)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base port 65531 leaves no room for 3 client, 3 controller and 3 replication ports (65531..65539");
        assertThatThrownBy(() -> BrokerRefCluster.onLoopback(3, 3, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base port -1 is not a port");
        assertThatThrownBy(() -> BrokerRefCluster.onLoopback(3, 4, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("voters must be 1..3 for 3 node(s), not 4");
        assertThatThrownBy(() -> BrokerRefCluster.onLoopback(3, 0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not 0");
    }

    @Test
    void settingsFollowTheLayoutInKeyOrderAndTheLayoutsOwnKeysAreRefused() throws IOException {
        BrokerRefCluster cluster = BrokerRefCluster.onLoopback(1, 1, 0)
                .withSettings(Map.of("num.partitions", "6", "broker.session.timeout.ms", "6000"));
        List<String> options = cluster.settingOptions(0);
        assertThat(options.subList(options.size() - 4, options.size()))
                .containsExactly("--set", "broker.session.timeout.ms=6000", "--set", "num.partitions=6");
        assertThatThrownBy(() -> cluster.withSettings(Map.of("process.roles", "broker")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sets process.roles itself");
        assertThatThrownBy(() -> cluster.withSettings(Map.of("inter.broker.listener.name", "PLAINTEXT")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sets inter.broker.listener.name itself");
    }

    @Test
    void twoListenersOnOneAddressAndPortAreRefused() {
        NodeHost h = NodeHost.LOOPBACK;
        List<BrokerRefCluster.Place> clash = List.of(new BrokerRefCluster.Place(h, 9000, 9100, 9200, "127.0.0.1:9000"),
                new BrokerRefCluster.Place(h, 9100, 9101, 9201, "127.0.0.1:9100"));
        assertThatThrownBy(() -> new BrokerRefCluster(clash, 1, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client port of n1 127.0.0.1:9100 is taken");
        List<BrokerRefCluster.Place> replicationClash = List.of(new BrokerRefCluster.Place(h, 9000, 9100, 9000, "127.0.0.1:9000"));
        assertThatThrownBy(() -> new BrokerRefCluster(replicationClash, 1, Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("replication port of n0 127.0.0.1:9000 is taken");
        // On addresses of their own (network namespaces) the nodes may share port numbers.
        List<BrokerRefCluster.Place> apart = List.of(
                new BrokerRefCluster.Place(new NodeHost("10.0.0.2", List.of()), 9092, 9093, 9094, "127.0.0.1:41000"),
                new BrokerRefCluster.Place(new NodeHost("10.0.0.3", List.of()), 9092, 9093, 9094, "127.0.0.1:41001"));
        assertThat(new BrokerRefCluster(apart, 1, Map.of()).quorumVoters()).isEqualTo("0@10.0.0.2:9093");
        assertThat(new BrokerRefCluster(apart, 2, Map.of()).quorumVoters()).isEqualTo("0@10.0.0.2:9093,1@10.0.0.3:9093");
    }

    @Test
    void placedNodesServeClientsOnExternalAndEachOtherOnInternalAtTheirOwnAddresses() throws IOException {
        NodeHost a = new NodeHost("10.0.0.2", List.of("ip", "netns", "exec", "a"));
        NodeHost b = new NodeHost("10.0.0.3", List.of("ip", "netns", "exec", "b"));
        BrokerRefCluster cluster = new BrokerRefCluster(List.of(new BrokerRefCluster.Place(a, 9092, 9093, 9094, "127.0.0.1:41000"),
                new BrokerRefCluster.Place(b, 9092, 9093, 9094, "127.0.0.1:41001")), 1, Map.of());
        assertThat(cluster.placed(1)).isTrue();
        assertThat(cluster.clientListener(1)).isEqualTo("EXTERNAL");
        assertThat(cluster.interBrokerListener(1)).isEqualTo("INTERNAL");
        List<String> command = cluster.nodes(BROKER, DIR, List.of()).get(1).launch().command();
        assertThat(command).containsExactly("ip", "netns", "exec", "b", "crucible", "broker",
                "--node-id", "1", "--data-dir", "/runs/c/n1/data",
                "--set", "listeners=EXTERNAL://10.0.0.3:9092,INTERNAL://10.0.0.3:9094",
                "--set", "advertised.listeners=EXTERNAL://127.0.0.1:41001,INTERNAL://10.0.0.3:9094",
                "--set", "listener.security.protocol.map=EXTERNAL:PLAINTEXT,INTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "--set", "inter.broker.listener.name=INTERNAL",
                "--set", "controller.listener.names=CONTROLLER",
                "--set", "process.roles=broker",
                "--set", "controller.quorum.voters=0@10.0.0.2:9093");
        assertThat(cluster.settingOptions(0)).contains("listeners=EXTERNAL://10.0.0.2:9092,INTERNAL://10.0.0.2:9094,CONTROLLER://10.0.0.2:9093");
        assertThat(BrokerRefCluster.onLoopback(1, 1, 0).placed(0)).isFalse();
    }

    /** A base port whose 3 * nodes ports from it on are free now (tries a few). */
    private static int freeBase(int nodes) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int base = Tcp.freeLoopbackPort();
            if (base + 3 * nodes > 65_535) {
                continue;
            }
            try {
                BrokerRefCluster.onLoopback(nodes, BrokerRefCluster.defaultVoters(nodes), base);
                return base;
            } catch (IOException e) {
                // one of the ports after it is taken: another
            }
        }
        throw new IOException("no run of " + 3 * nodes + " free ports found");
    }
}

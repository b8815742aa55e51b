package dev.crucible.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.chaos.cluster.Node;
import dev.crucible.chaos.nemesis.KillNemesis;
import dev.crucible.chaos.nemesis.Nemesis;
import dev.crucible.chaos.proxy.FaultProxy;
import dev.crucible.chaos.time.RunClock;
import dev.crucible.testing.StandInBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How {@code --target embedded} places broker-ref nodes, with stand-ins for the broker that print
 * their command line and open their client port only once every voter's controller port answers
 * (as cluster nodes do): one node alone; several as one cluster, clients through the fault proxies,
 * the quorum on the nodes' own ports.
 */
class TestbedTest {
    private static final Pattern VOTER = Pattern.compile("\\d+@127\\.0\\.0\\.1:(\\d+)");

    @TempDir Path dir;

    private static ChaosSpec spec(int nodes, String broken) {
        return new ChaosSpec("embedded", nodes, Duration.ofSeconds(1), List.of(), Duration.ofSeconds(1), null, 1, 1, 1, 1, 0,
                1, broken, Path.of("unused"), false, List.of(), StandInBroker.command(), Path.of("unused"), Map.of(), Duration.ofSeconds(1));
    }

    private static String args(Node node) throws Exception {
        return Files.readAllLines(node.outputFile()).get(0);
    }

    @Test
    void threeNodesAreOneClusterWhoseClientsGoThroughTheProxiesAndWhoseQuorumAndReplicationDoNot() throws Exception {
        List<String> progress = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        try (Testbed bed = Testbed.start(spec(3, "lose-acked-writes"), dir, false, false, "t", progress::add, RunClock.SYSTEM)) {
            List<Node> nodes = bed.cluster.nodes();
            assertThat(nodes).hasSize(3);
            assertThat(bed.proxies).hasSize(3);
            List<String> proxied = bed.proxies.stream().map(p -> "127.0.0.1:" + p.address().getPort()).toList();
            assertThat(bed.cluster.bootstrap()).isEqualTo(String.join(",", proxied));
            List<Integer> proxyPorts = bed.proxies.stream().map(p -> p.address().getPort()).toList();
            String voters = null;
            for (int i = 0; i < 3; i++) {
                Node node = nodes.get(i);
                FaultProxy proxy = bed.proxies.get(i);
                pids.add(node.pid().orElseThrow());
                assertThat(proxy.upstream().getPort()).isEqualTo(Integer.parseInt(node.listenAddress().split(":")[1]));
                String line = args(node);
                assertThat(line).contains("--node-id " + i, "--data-dir " + dir.resolve("n" + i).resolve("data").toAbsolutePath(),
                        "listeners=PLAINTEXT://" + node.listenAddress() + ",REPLICATION://127.0.0.1:",
                        "advertised.listeners=PLAINTEXT://" + proxied.get(i) + ",REPLICATION://127.0.0.1:",
                        "inter.broker.listener.name=REPLICATION", "process.roles=broker,controller", "--broken lose-acked-writes");
                Matcher replication = Pattern.compile("REPLICATION://127\\.0\\.0\\.1:(\\d+),CONTROLLER://127\\.0\\.0\\.1:").matcher(line);
                assertThat(replication.find()).as(line).isTrue();
                assertThat(Integer.parseInt(replication.group(1))).as("the brokers reach each other without a proxy")
                        .isNotIn(proxyPorts);
                Matcher m = Pattern.compile("controller\\.quorum\\.voters=(\\S+)").matcher(line);
                assertThat(m.find()).as(line).isTrue();
                if (voters == null) {
                    voters = m.group(1);
                }
                assertThat(m.group(1)).as("every node knows the same voters").isEqualTo(voters);
            }
            Matcher voter = VOTER.matcher(voters);
            List<Integer> controllerPorts = new ArrayList<>();
            while (voter.find()) {
                controllerPorts.add(Integer.parseInt(voter.group(1)));
            }
            assertThat(controllerPorts).hasSize(3).doesNotContainAnyElementsOf(proxyPorts);
            assertThat(progress).anySatisfy(p -> assertThat(p).contains("cluster of 3 nodes").contains("3 voting"));
        }
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    @Test
    void twoOfThreeVotersKilledComeBackWhenTheKillHealsThemTogether() throws Exception {
        try (Testbed bed = Testbed.start(spec(3, null), dir, false, false, "t", s -> { }, RunClock.SYSTEM)) {
            List<Node> nodes = bed.cluster.nodes();
            KillNemesis kill = new KillNemesis(nodes, Duration.ofSeconds(60));
            Nemesis.ActiveFault fault = kill.start(new Random(1), Map.of("nodes", List.of("n0", "n1")));
            assertThat(nodes.get(0).alive()).isFalse();
            assertThat(nodes.get(1).alive()).isFalse();
            // one at a time, n0 would wait for n1's controller port until the timeout
            String healed = fault.heal();
            assertThat(healed).contains("n0 restarted as pid ").contains("n1 restarted as pid ");
            assertThat(nodes).allMatch(Node::alive);
            assertThat(nodes).allSatisfy(n -> assertThat(n.crashes()).isEmpty());
        }
    }

    @Test
    void oneNodeRunsOnItsOwnWithoutAQuorum() throws Exception {
        try (Testbed bed = Testbed.start(spec(1, null), dir, false, false, "t", s -> { }, RunClock.SYSTEM)) {
            Node node = bed.cluster.nodes().get(0);
            String line = args(node);
            assertThat(line).contains("--node-id 0", "listeners=PLAINTEXT://" + node.listenAddress(),
                    "advertised.listeners=PLAINTEXT://127.0.0.1:" + bed.proxies.get(0).address().getPort())
                    .doesNotContain("CONTROLLER").doesNotContain("controller.quorum.voters").doesNotContain("process.roles");
        }
    }
}

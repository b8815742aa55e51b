package dev.crucible.launch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.launch.process.Tcp;
import dev.crucible.testing.StandInBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starting the nodes of a cluster, with stand-ins that open their client port only once every
 * voter's controller port answers (as broker-ref's nodes wait for their quorum): all processes
 * first, then one wait for all of them.
 */
class NodeClusterTest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir Path dir;

    private static List<String> standIn() {
        return StandInBroker.command();
    }

    @Test
    void threeVotersComeUpTogetherWhereOneByOneNoneWould() throws Exception {
        BrokerRefCluster layout = BrokerRefCluster.onLoopback(3, 3, 0);
        List<BrokerRefNode> nodes = layout.nodes(standIn(), dir, List.of());
        List<Long> pids;
        try (NodeCluster cluster = new NodeCluster("broker-ref", nodes)) {
            cluster.start(START);
            pids = cluster.pids();
            assertThat(pids).hasSize(3);
            assertThat(cluster.bootstrap()).isEqualTo(layout.bootstrap());
            for (BrokerRefNode n : nodes) {
                assertThat(n.answers()).as(n.name()).isTrue();
                assertThat(Files.readString(n.logFile())).as(n.name())
                        .contains("controller.quorum.voters=" + layout.quorumVoters());
            }
        }
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    @Test
    void aMemberThatExitsIsReportedWhileTheOthersStillWaitForIt() throws IOException {
        BrokerRefCluster layout = BrokerRefCluster.onLoopback(3, 3, 0);
        List<BrokerRefNode> nodes = new ArrayList<>(layout.nodes(standIn(), dir, List.of()));
        List<String> failing = new ArrayList<>(layout.settingOptions(2));
        failing.add("--fail");
        nodes.set(2, BrokerRefNode.withOptions(2, standIn(), NodeHost.LOOPBACK, layout.places().get(2).clientPort(),
                dir.resolve("n2"), failing));
        NodeCluster cluster = new NodeCluster("broker-ref", nodes);
        // n0 and n1 wait for n2's controller port for ever: the start must see n2's exit, not time out on n0
        assertThatThrownBy(() -> cluster.start(START)).isInstanceOf(IOException.class)
                .hasMessageContaining("n2 (pid ").hasMessageContaining("exited with code 3 while starting")
                .hasMessageContaining("refusing to start: bad configuration");
        assertThat(nodes).noneMatch(BrokerRefNode::alive);
    }

    @Test
    void whenTheTimeIsUpEveryNodeStillSilentIsNamedWithItsLog() throws IOException {
        BrokerRefCluster layout = BrokerRefCluster.onLoopback(2, 1, 0);
        int nobody = Tcp.freeLoopbackPort();
        // a voter no process serves: the quorum never forms (the later --set wins)
        List<BrokerRefNode> nodes = layout.nodes(standIn(), dir, List.of("--set",
                "controller.quorum.voters=0@127.0.0.1:" + nobody));
        NodeCluster cluster = new NodeCluster("broker-ref", nodes);
        assertThatThrownBy(() -> cluster.start(Duration.ofSeconds(3))).isInstanceOf(IOException.class)
                .hasMessageContaining("2 of 2 nodes did not accept connections within 3 s")
                .hasMessageContaining("n0 did not accept connections on " + nodes.get(0).bootstrap())
                .hasMessageContaining("n1 did not accept connections on " + nodes.get(1).bootstrap())
                .hasMessageContaining("n1" + java.io.File.separator + "broker.out");
        assertThat(nodes).noneMatch(BrokerRefNode::alive);
    }
}

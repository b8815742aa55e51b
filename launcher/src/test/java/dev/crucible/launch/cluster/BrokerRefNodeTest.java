package dev.crucible.launch.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.launch.process.Tcp;
import dev.crucible.testing.Await;
import dev.crucible.testing.StandInBroker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node's life as the run drives it: start, kill, start again, pause, resume, stop; and a clusters's. */
class BrokerRefNodeTest {
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir Path dir;

    private static List<String> command(String... extra) {
        return StandInBroker.command(extra);
    }

    @Test
    void aNodeStartsAnswersIsKilledComesBackPausesResumesAndStopsForGood() throws Exception {
        BrokerRefNode node = BrokerRefNode.onLoopback("n0", command(), dir.resolve("n0"));
        List<Long> started = new CopyOnWriteArrayList<>();
        node.onStart(p -> started.add(p.pid()));
        String[] hostPort = node.bootstrap().split(":");
        try {
            node.start(START);
            long first = node.pid().orElseThrow();
            assertThat(Tcp.accepts(hostPort[0], Integer.parseInt(hostPort[1]), 1000)).isTrue();
            assertThat(node.dataDir()).isEqualTo(dir.resolve("n0").resolve("data").toAbsolutePath()).isDirectory();
            // the port accepts as soon as it is bound, a moment before the child prints its line: wait for the
            // line, or the kill below can take it with it
            Await.until("the first start's line in " + node.logFile(), () -> listeningLines(node) == 1);

            node.kill();
            assertThat(node.alive()).isFalse();
            assertThat(node.pid()).isEmpty();
            assertThatThrownBy(node::pause).isInstanceOf(IOException.class).hasMessageContaining("n0 is not running");

            node.start(START);
            long second = node.pid().orElseThrow();
            Await.until("the second start's line, appended to " + node.logFile(), () -> listeningLines(node) == 2);
            assertThat(second).isNotEqualTo(first);
            assertThat(started).containsExactly(first, second);
            assertThatThrownBy(() -> node.start(START)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running");

            node.pause();
            awaitState(second, true);
            node.resume();
            awaitState(second, false);

            node.stop();
            assertThat(node.alive()).isFalse();
            assertThat(ProcessHandle.of(second).filter(ProcessHandle::isAlive)).isEmpty();
            assertThatThrownBy(() -> node.start(START)).isInstanceOf(IOException.class).hasMessageContaining("n0 is stopped");
            // One output file across restarts.
            assertThat(listeningLines(node)).isEqualTo(2);
        } finally {
            node.stop();
        }
    }

    private static long listeningLines(BrokerRefNode node) {
        try {
            return Files.readAllLines(node.logFile()).stream().filter(l -> l.startsWith("listening on")).count();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aNodeThatExitsWhileStartingIsReportedWithTheEndOfItsLog() throws IOException {
        BrokerRefNode node = BrokerRefNode.onLoopback("n0", command("--fail"), dir.resolve("n0"));
        assertThatThrownBy(() -> node.start(START)).isInstanceOf(IOException.class)
                .hasMessageContaining("n0 (pid ").hasMessageContaining("exited with code 3 while starting")
                .hasMessageContaining("broker.out").hasMessageContaining("refusing to start: bad configuration");
        assertThatThrownBy(node::requireRunning).isInstanceOf(IOException.class).hasMessageContaining("exited with code 3");
    }

    @Test
    void aClusterStartsEveryNodeAndCloseStopsThemAll() throws Exception {
        List<BrokerRefNode> nodes = List.of(BrokerRefNode.onLoopback("n0", command(), dir.resolve("n0")),
                BrokerRefNode.onLoopback("n1", command(), dir.resolve("n1")));
        List<Long> pids;
        try (NodeCluster cluster = new NodeCluster("broker-ref", nodes)) {
            cluster.start(START);
            pids = cluster.pids();
            assertThat(pids).hasSize(2);
            assertThat(cluster.bootstrap()).isEqualTo(nodes.get(0).bootstrap() + "," + nodes.get(1).bootstrap());
            nodes.get(1).pause(); // a paused node still stops: SIGCONT comes before SIGTERM
        }
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    @Test
    void aClusterWhoseNodeFailsStopsTheOthersAndSaysWhich() throws IOException {
        List<BrokerRefNode> nodes = List.of(BrokerRefNode.onLoopback("n0", command(), dir.resolve("n0")),
                BrokerRefNode.onLoopback("n1", command("--fail"), dir.resolve("n1")));
        NodeCluster cluster = new NodeCluster("broker-ref", nodes);
        assertThatThrownBy(() -> cluster.start(START)).isInstanceOf(IOException.class).hasMessageContaining("n1 (pid ");
        assertThat(nodes.get(0).alive()).isFalse();
    }

    @Test
    void aPlacedNodeNamesItsIdListenerAndAdvertisedAddress() {
        NodeHost host = new NodeHost("10.9.0.2", List.of("ip", "netns", "exec", "a"));
        BrokerRefNode node = BrokerRefNode.placed(2, List.of("crucible", "broker"), host, 9092, "127.0.0.1:41000",
                Path.of("/runs/n2"), List.of("--broken", "x"));
        assertThat(node.name()).isEqualTo("n2");
        assertThat(node.bootstrap()).isEqualTo("10.9.0.2:9092");
        assertThat(node.dataDir()).isEqualTo(Path.of("/runs/n2/data"));
        assertThat(node.logFile()).isEqualTo(Path.of("/runs/n2/broker.out"));
        assertThat(node.launch().command()).containsExactly("ip", "netns", "exec", "a", "crucible", "broker",
                "--node-id", "2", "--data-dir", "/runs/n2/data", "--set", "listeners=PLAINTEXT://10.9.0.2:9092",
                "--set", "advertised.listeners=PLAINTEXT://127.0.0.1:41000", "--broken", "x");
        assertThat(node.launch().workDir()).isEqualTo(Path.of("/runs/n2"));
    }

    /** Waits (at most 30 s) until /proc says the process is stopped by a signal (state T), or not. */
    private static void awaitState(long pid, boolean stopped) throws Exception {
        Await.until("pid " + pid + (stopped ? " stopped" : " running"), () -> (procState(pid) == 'T') == stopped);
    }

    private static char procState(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException e) {
            return '?';
        }
    }
}

package dev.crucible.chaos.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real 3-node lab with a listener process in each namespace: faults must change what actually
 * gets through, seen from the host (the clients) and from inside the nodes.
 */
class NetLabTest {

    static final Duration UP = Duration.ofSeconds(3);
    /** A dropped SYN is not retried within this, so "unreachable" is a clean answer. */
    static final Duration DOWN = Duration.ofMillis(500);
    private static final int NODES = 3;

    private static NetLab lab;
    private static final List<NodeListener> listeners = new ArrayList<>();

    @BeforeAll
    static void startLab() throws Exception {
        assumeTrue(NetLab.unavailableReason().isEmpty(), () -> "no network lab: " + NetLab.unavailableReason().get());
        assumeTrue(Files.isExecutable(Path.of(NodeListener.PYTHON)), "needs " + NodeListener.PYTHON);
        lab = NetLab.create(uniqueTag("t"), NODES);
        for (int i = 0; i < NODES; i++) {
            listeners.add(NodeListener.start(lab, i));
        }
    }

    @AfterAll
    static void stopLab() throws Exception {
        for (NodeListener listener : listeners) {
            listener.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @AfterEach
    void heal() throws IOException {
        lab.heal();
    }

    static String uniqueTag(String start) {
        return start + Long.toString(ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36), 36);
    }

    @Test
    void theHostAndEveryNodeReachEveryNodesListener() {
        for (int to = 0; to < NODES; to++) {
            assertThat(lab.reachable(NetLab.HOST, to, NodeListener.PORT, UP)).as("host -> n%d", to).isTrue();
            for (int from = 0; from < NODES; from++) {
                assertThat(lab.reachable(from, to, NodeListener.PORT, UP)).as("n%d -> n%d", from, to).isTrue();
            }
        }
        assertThat(lab.nodeAddress(1)).startsWith(lab.subnet().substring(0, lab.subnet().lastIndexOf('.') + 1));
        assertThat(lab.hostAddress()).isNotIn(lab.nodeAddress(0), lab.nodeAddress(1), lab.nodeAddress(2));
    }

    @Test
    void aCommandRunWithTheNodesPrefixSeesOnlyTheNodesAddress() throws IOException {
        List<String> command = new ArrayList<>(lab.commandPrefix(1));
        command.addAll(List.of("ip", "-o", "-4", "addr", "show"));
        String addresses = Exec.check(command);
        assertThat(addresses).contains(" " + lab.nodeAddress(1) + "/24").contains("127.0.0.1")
                .doesNotContain(lab.nodeAddress(0) + "/").doesNotContain(lab.hostAddress() + "/");
        assertThat(lab.commandPrefix(1)).endsWith("netns", "exec", lab.namespace(1));
    }

    @Test
    void isolatingANodeWithItsClientsCutsItOffUntilHealed() throws IOException {
        Grudge grudge = Grudge.isolate(0, NODES, true);
        lab.partition(grudge);

        assertThat(lab.reachable(NetLab.HOST, 0, NodeListener.PORT, DOWN)).as("host -> n0").isFalse();
        assertThat(lab.reachable(1, 0, NodeListener.PORT, DOWN)).as("n1 -> n0").isFalse();
        assertThat(lab.reachable(0, 2, NodeListener.PORT, DOWN)).as("n0 -> n2").isFalse();
        assertThat(lab.reachable(NetLab.HOST, 1, NodeListener.PORT, UP)).as("host -> n1").isTrue();
        assertThat(lab.reachable(1, 2, NodeListener.PORT, UP)).as("n1 -> n2").isTrue();

        lab.heal();
        assertThat(lab.reachable(NetLab.HOST, 0, NodeListener.PORT, UP)).as("host -> n0 healed").isTrue();
        assertThat(lab.reachable(1, 0, NodeListener.PORT, UP)).as("n1 -> n0 healed").isTrue();
    }

    @Test
    void isolatingANodeFromNodesOnlyLeavesClientsReachingIt() throws IOException {
        lab.partition(Grudge.isolate(2, NODES, false));

        assertThat(lab.reachable(NetLab.HOST, 2, NodeListener.PORT, UP)).as("host -> n2").isTrue();
        assertThat(lab.reachable(2, NetLab.HOST, UP)).as("n2 -> host").isTrue();
        assertThat(lab.reachable(0, 2, NodeListener.PORT, DOWN)).as("n0 -> n2").isFalse();
        assertThat(lab.reachable(0, 1, NodeListener.PORT, UP)).as("n0 -> n1").isTrue();
    }

    @Test
    void aPortCutSeversThoseConnectionsBetweenTwoNodesOnlyUntilHealed() throws IOException {
        lab.cutPorts(0, 1, List.of(NodeListener.PORT));

        assertThat(lab.reachable(0, 1, NodeListener.PORT, DOWN)).as("n0 -> n1 cut port").isFalse();
        assertThat(lab.reachable(1, 0, NodeListener.PORT, DOWN)).as("n1 -> n0 cut port").isFalse();
        assertThat(lab.reachable(0, 1, UP)).as("n0 -> n1 another port").isTrue();
        assertThat(lab.reachable(1, 0, UP)).as("n1 -> n0 another port").isTrue();
        assertThat(lab.reachable(2, 1, NodeListener.PORT, UP)).as("n2 -> n1 cut port").isTrue();
        assertThat(lab.reachable(0, 2, NodeListener.PORT, UP)).as("n0 -> n2 cut port").isTrue();
        assertThat(lab.reachable(NetLab.HOST, 0, NodeListener.PORT, UP)).as("host -> n0").isTrue();

        lab.heal();
        assertThat(lab.reachable(0, 1, NodeListener.PORT, UP)).as("n0 -> n1 healed").isTrue();
        assertThat(lab.reachable(1, 0, NodeListener.PORT, UP)).as("n1 -> n0 healed").isTrue();
    }

    @Test
    void aOneWayPortDropStopsOnlyThatPeersPacketsOnThatPortAtThatNode() throws IOException {
        lab.dropPorts(2, 0, List.of(NodeListener.PORT));

        // n2 drops n0's packets to and from port 9092: no handshake completes either way on it
        assertThat(lab.reachable(2, 0, NodeListener.PORT, DOWN)).as("n2 -> n0 dropped port").isFalse();
        assertThat(lab.reachable(0, 2, NodeListener.PORT, DOWN)).as("n0 -> n2 dropped port").isFalse();
        assertThat(lab.reachable(0, 2, UP)).as("n0 -> n2 another port").isTrue();
        assertThat(lab.reachable(1, 2, NodeListener.PORT, UP)).as("n1 -> n2 same port").isTrue();
        assertThat(lab.reachable(0, 1, NodeListener.PORT, UP)).as("n0 -> n1 same port").isTrue();
        lab.heal();
        assertThat(lab.reachable(2, 0, NodeListener.PORT, UP)).as("n2 -> n0 healed").isTrue();
    }

    @Test
    void aPortCutNeedsTwoNodesAndValidPorts() {
        assertThatThrownBy(() -> lab.cutPorts(1, 1, List.of(9092))).hasMessageContaining("itself");
        assertThatThrownBy(() -> lab.cutPorts(0, 1, List.of())).hasMessageContaining("no ports");
        assertThatThrownBy(() -> lab.cutPorts(0, 1, List.of(70_000))).hasMessageContaining("70000");
        assertThatThrownBy(() -> lab.cutPorts(0, 7, List.of(9092))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aOneWayGrudgeDropsDatagramsInOneDirectionOnly() throws Exception {
        lab.partition(Grudge.oneWay(0, 1));

        sendDatagram(0, 1, "from-n0");
        sendDatagram(2, 1, "from-n2");
        assertThat(nextDatagram(1)).as("n1 drops what n0 sends: the first to arrive is n2's")
                .isEqualTo("udp " + lab.nodeAddress(2) + " from-n2");
        sendDatagram(1, 0, "from-n1");
        assertThat(nextDatagram(0)).isEqualTo("udp " + lab.nodeAddress(1) + " from-n1");
        // A TCP handshake needs both directions, so both probes fail.
        assertThat(lab.reachable(0, 1, NodeListener.PORT, DOWN)).as("n0 -> n1").isFalse();
        assertThat(lab.reachable(1, 0, NodeListener.PORT, DOWN)).as("n1 -> n0").isFalse();
        assertThat(lab.reachable(NetLab.HOST, 1, NodeListener.PORT, UP)).as("host -> n1").isTrue();
    }

    @Test
    void totalPacketLossMakesANodeUnreachableUntilHealed() throws IOException {
        assumeTrue(NetLab.lossUnavailableReason().isEmpty(), () -> NetLab.lossUnavailableReason().get());
        lab.loss(1, 1.0);
        assertThat(lab.reachable(NetLab.HOST, 1, NodeListener.PORT, DOWN)).isFalse();
        assertThat(lab.reachable(0, 1, NodeListener.PORT, DOWN)).isFalse();
        assertThat(lab.reachable(NetLab.HOST, 2, NodeListener.PORT, UP)).isTrue();

        lab.heal();
        assertThat(lab.reachable(NetLab.HOST, 1, NodeListener.PORT, UP)).isTrue();
    }

    @Test
    void lossSurvivesARepartitionAndZeroStopsIt() throws IOException {
        assumeTrue(NetLab.lossUnavailableReason().isEmpty(), () -> NetLab.lossUnavailableReason().get());
        lab.loss(2, 1.0);
        lab.partition(Grudge.isolate(0, NODES, false));
        assertThat(lab.reachable(NetLab.HOST, 2, NodeListener.PORT, DOWN)).isFalse();
        lab.loss(2, 0);
        assertThat(lab.reachable(NetLab.HOST, 2, NodeListener.PORT, UP)).isTrue();
        assertThat(lab.reachable(1, 0, NodeListener.PORT, DOWN)).as("the partition stays").isFalse();
    }

    @Test
    void aBandwidthCapHoldsBackTrafficToTheNodeUntilHealed() throws IOException {
        assumeTrue(NetLab.bandwidthUnavailableReason().isEmpty(), () -> NetLab.bandwidthUnavailableReason().get());
        int bytes = 160 * 1024;
        lab.bandwidth(0, 64 * 1024);
        assertThat(upload(0, bytes)).as("bytes the node received under the cap").isEqualTo(bytes);
        String capped = hostSideQdisc(0);
        // 160 KiB through a 4 KiB bucket: packets had to wait for tokens, so the cap was in force.
        assertThat(capped).contains("qdisc tbf");
        assertThat(overlimits(capped)).as(capped).isPositive();

        lab.heal();
        assertThat(hostSideQdisc(0)).doesNotContain("tbf");
        assertThat(upload(0, bytes)).as("bytes the node received after the heal").isEqualTo(bytes);
    }

    @Test
    void aPartitionNamingNodesOutsideTheLabIsRefused() {
        assertThatThrownBy(() -> lab.partition(Grudge.isolate(3, 4, false)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("node 3");
        assertThatThrownBy(() -> lab.partition(new Grudge(Map.of(0, Set.of(5)))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> lab.loss(0, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Sends {@code bytes} from the host to node {@code node}'s listener; returns how many it says it got. */
    private static int upload(int node, int bytes) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(lab.nodeAddress(node), NodeListener.PORT), 3000);
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(new byte[bytes]);
            out.flush();
            socket.shutdownOutput();
            InputStream in = socket.getInputStream();
            return Integer.parseInt(new String(in.readAllBytes(), StandardCharsets.US_ASCII).trim());
        }
    }

    /** {@code tc -s qdisc} of the host end of node {@code node}'s veth: what shapes traffic to the node. */
    private static String hostSideQdisc(int node) throws IOException {
        String tc = HostSupport.get().tools().orElseThrow().tc().orElseThrow();
        return Exec.check(List.of(tc, "-s", "qdisc", "show", "dev", new LabNames(lab.tag()).hostVeth(node)));
    }

    /** The "overlimits N" counter of tc's statistics: times a packet had to wait for the rate. */
    private static long overlimits(String stats) {
        Matcher m = Pattern.compile("overlimits (\\d+)").matcher(stats);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    private static void sendDatagram(int from, int to, String payload) throws IOException {
        List<String> command = new ArrayList<>(lab.commandPrefix(from));
        command.addAll(List.of("bash", "-c", "printf %s \"$2\" > /dev/udp/$0/$1", lab.nodeAddress(to),
                Integer.toString(NodeListener.PORT), payload));
        Exec.check(command);
    }

    private static String nextDatagram(int node) throws InterruptedException {
        return listeners.get(node).nextDatagram(UP);
    }
}

package dev.crucible.broker;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * N broker-ref processes on loopback forming one cluster: every node a combined broker and metadata
 * voter, short session and election timeouts so that tests of fencing and failover take seconds.
 * Nodes are started together and then awaited, as a quorum needs a majority up.
 */
public final class TestCluster implements AutoCloseable {
    public static final long SESSION_TIMEOUT_MS = 3_000;
    private final List<BrokerProcess> nodes = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Integer> replicationPorts = new ArrayList<>();

    public TestCluster(Path dir, int n, String... extraSettings) throws IOException {
        this(dir, n, n, extraSettings);
    }

    /** N nodes of which the first {@code voters} are combined (broker and voter) and the rest broker-only. */
    public TestCluster(Path dir, int n, int voters, String... extraSettings) throws IOException {
        this(dir, n, voters, false, extraSettings);
    }

    /**
     * N combined nodes, each with a second data listener REPLICATION on a port of its own, named by
     * inter.broker.listener.name, beside the PLAINTEXT one clients use.
     */
    public static TestCluster withReplicationListener(Path dir, int n, String... extraSettings) throws IOException {
        return new TestCluster(dir, n, n, true, extraSettings);
    }

    private TestCluster(Path dir, int n, int voters, boolean replicationListener, String... extraSettings) throws IOException {
        List<Integer> controllerPorts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ports.add(BrokerProcess.freePort());
            controllerPorts.add(BrokerProcess.freePort());
            if (replicationListener) {
                replicationPorts.add(BrokerProcess.freePort());
            }
        }
        String quorum = java.util.stream.IntStream.range(0, voters).mapToObj(i -> i + "@127.0.0.1:" + controllerPorts.get(i))
            .collect(Collectors.joining(","));
        for (int i = 0; i < n; i++) {
            boolean votes = i < voters;
            List<String> settings = new ArrayList<>(List.of(
                "node.id=" + i,
                "listeners=PLAINTEXT://127.0.0.1:" + ports.get(i)
                    + (replicationListener ? ",REPLICATION://127.0.0.1:" + replicationPorts.get(i) : "")
                    + (votes ? ",CONTROLLER://127.0.0.1:" + controllerPorts.get(i) : ""),
                "process.roles=" + (votes ? "broker,controller" : "broker"),
                "controller.quorum.voters=" + quorum,
                "broker.session.timeout.ms=" + SESSION_TIMEOUT_MS,
                "broker.heartbeat.interval.ms=500",
                "controller.quorum.election.timeout.ms=500"));
            if (replicationListener) {
                settings.add("listener.security.protocol.map=PLAINTEXT:PLAINTEXT,REPLICATION:PLAINTEXT,CONTROLLER:PLAINTEXT");
                settings.add("inter.broker.listener.name=REPLICATION");
            }
            settings.addAll(List.of(extraSettings));
            nodes.add(new BrokerProcess(dir.resolve("n" + i), ports.get(i), dir.resolve("n" + i + ".err"), settings));
        }
    }

    public TestCluster start() throws IOException {
        for (BrokerProcess node : nodes) {
            node.launch();
        }
        for (BrokerProcess node : nodes) {
            node.awaitStarted();
        }
        return this;
    }

    public BrokerProcess node(int i) {
        return nodes.get(i);
    }

    public int size() {
        return nodes.size();
    }

    /** Every node's client address. */
    public String bootstrap() {
        return ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** Every node's client (PLAINTEXT) port, in node order. */
    public List<Integer> clientPorts() {
        return List.copyOf(ports);
    }

    /** Every node's REPLICATION port, in node order (empty unless made by {@link #withReplicationListener}). */
    public List<Integer> replicationPorts() {
        return List.copyOf(replicationPorts);
    }

    /** Every node's REPLICATION address. */
    public String replicationBootstrap() {
        return replicationPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    }

    /** The client addresses of the nodes other than {@code skip}. */
    public String bootstrapWithout(int skip) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            if (i != skip) {
                out.add("127.0.0.1:" + ports.get(i));
            }
        }
        return String.join(",", out);
    }

    /** Standard error of every node, for a failure message. */
    public String logs() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes.size(); i++) {
            b.append("--- node ").append(i).append(":\n").append(nodes.get(i).errorTail()).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() throws IOException {
        for (BrokerProcess node : nodes) {
            node.close();
        }
    }
}

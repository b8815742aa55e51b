package dev.crucible.cli;

import dev.crucible.launch.cluster.BrokerRefCluster;
import dev.crucible.launch.cluster.BrokerRefNode;
import dev.crucible.launch.cluster.NodeCluster;
import dev.crucible.launch.process.Foreground;
import dev.crucible.launch.process.SelfCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crucible cluster}: a broker-ref cluster of N processes on loopback, in the foreground (module launcher). */
@Command(
        name = "cluster",
        sortOptions = false,
        header = "Run a cluster of reference brokers (broker-ref) on loopback in the foreground.",
        description = {
            "Starts N 'crucible broker' processes on 127.0.0.1 as one cluster: its metadata lives in a Raft"
                    + " quorum (Apache Ratis) of the first K nodes, the voters; the other nodes are brokers only."
                    + " Runs until Ctrl-C or SIGTERM, which stop every node; the nodes also stop if this process"
                    + " is killed.",
            "Layout: node i (node.id i, 0..N-1) serves clients on PORT+i (listener PLAINTEXT), the other brokers on"
                    + " PORT+2N+i (listener REPLICATION) and, if it votes, its quorum on PORT+N+i; it keeps its data in"
                    + " DIR/ni/data and appends its output to DIR/ni/broker.out. A node opens its"
                    + " client port only once the quorum has a leader and the node is registered, so all nodes start"
                    + " together and the bootstrap list is printed once every one of them answers. Reach the cluster"
                    + " with 'crucible bench --target bootstrap:127.0.0.1:PORT,..' or any Kafka client.",
            "Exit status: 143 stopped by SIGTERM, 130 by Ctrl-C (SIGINT), in either case after every node stopped;"
                    + " 1 a node did not start (the end of its log is quoted), 2 bad arguments or a port in use."
        })
public final class ClusterCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "3",
            description = "Nodes in the cluster, ids 0..N-1 (default: ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Client port of node 0: node i serves clients on PORT+i, its quorum on PORT+N+i and the other"
                    + " brokers on PORT+2N+i; 0 takes any free ports (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/cluster",
            description = "Parent of the nodes' folders n0/, n1/, ..; their data is kept for the next start"
                    + " (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--voters", paramLabel = "K",
            description = "Nodes 0..K-1 vote in the metadata quorum (default: the largest odd number up to N and 5:"
                    + " 1 node 1, 2 nodes 1, 3-4 nodes 3, 5 or more 5).")
    private Integer voters;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "A broker setting for every node, as 'crucible broker --set' takes it (repeatable), e.g."
                    + " broker.session.timeout.ms=6000. The keys of the layout (listeners, advertised.listeners,"
                    + " listener.security.protocol.map, inter.broker.listener.name, process.roles, controller.*, node.id,"
                    + " log.dirs) are set by the command and refused here.")
    private Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "1g",
            description = "Heap of each node (default: ${DEFAULT-VALUE}).")
    private String heap;

    @Option(names = "--start-timeout", paramLabel = "TIME", defaultValue = "120s", converter = DurationConverter.class,
            description = "How long all nodes together may take to answer (default: ${DEFAULT-VALUE}).")
    private Duration startTimeout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        BrokerRefCluster layout;
        List<BrokerRefNode> members;
        try {
            int k = voters != null ? voters : BrokerRefCluster.defaultVoters(nodes);
            layout = BrokerRefCluster.onLoopback(nodes, k, port).withSettings(settings);
            members = layout.nodes(SelfCommand.withHeap(heap, Crucible.class.getName(), "broker"), dataDir, List.of());
        } catch (IllegalArgumentException | IOException e) {
            err.println("crucible cluster: " + e.getMessage());
            return 2;
        }
        out.println("starting " + layout.size() + " broker-ref node(s) on 127.0.0.1, " + layout.voters() + " voting:");
        for (int i = 0; i < layout.size(); i++) {
            BrokerRefCluster.Place p = layout.places().get(i);
            out.printf("  %-4s clients %-5d replication %-5d %-14s log %s%n", members.get(i).name(), p.clientPort(),
                    p.replicationPort(), layout.voter(i) ? "quorum " + p.controllerPort() : "broker only", members.get(i).logFile());
        }
        out.flush();
        NodeCluster cluster = new NodeCluster("broker-ref", members);
        try {
            cluster.start(startTimeout);
        } catch (IOException e) {
            err.println("crucible cluster: the cluster did not start: " + e.getMessage());
            return 1;
        }
        Foreground foreground = Foreground.closeAtExit("crucible-cluster-stop", cluster);
        out.println("broker-ref cluster of " + layout.size() + " node(s) ready at " + cluster.bootstrap() + " (pids "
                + cluster.pids() + "); Ctrl-C stops it");
        out.flush();
        foreground.await();
        return 0;
    }
}

package dev.crucible.chaos;

import dev.crucible.chaos.cluster.Cluster;
import dev.crucible.chaos.cluster.ExternalCluster;
import dev.crucible.chaos.cluster.LaunchedCluster;
import dev.crucible.chaos.net.DataDisks;
import dev.crucible.chaos.nemesis.NodePorts;
import dev.crucible.chaos.net.NetLab;
import dev.crucible.chaos.proxy.FaultProxy;
import dev.crucible.chaos.time.RunClock;
import dev.crucible.launch.cluster.BrokerRefCluster;
import dev.crucible.launch.cluster.BrokerRefNode;
import dev.crucible.launch.cluster.NodeCluster;
import dev.crucible.launch.cluster.NodeHost;
import dev.crucible.launch.kafka.KafkaCluster;
import dev.crucible.launch.kafka.KafkaPeerSpec;
import dev.crucible.launch.process.Tcp;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * What a run needs before clients start: the network lab (when partitions are asked for), a data
 * disk per node (when a fill fault may run), one fault proxy per node on loopback, and the nodes
 * themselves (started by the launcher, all at once: a cluster node answers only once its quorum is up),
 * advertising their proxy so every client byte passes through it. Closing it undoes everything, in
 * reverse order.
 */
final class Testbed implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    /**
     * The ports a broker-ref node listens on in its own network namespace: clients (through its proxy), the
     * quorum if it votes, and the other brokers (directly, over the lab's bridge).
     */
    static final int NAMESPACE_CLIENT_PORT = 9092;
    static final int NAMESPACE_CONTROLLER_PORT = 9093;
    static final int NAMESPACE_REPLICATION_PORT = 9094;

    final Cluster cluster;
    final List<FaultProxy> proxies;
    final NetLab lab;
    /** The nodes' own data disks, when a fill fault may run; else null. */
    final DataDisks disks;
    /** Each launched node's controller and replication ports in its namespace (empty without a lab). */
    final List<NodePorts> ports;

    private Testbed(Cluster cluster, List<FaultProxy> proxies, NetLab lab, DataDisks disks, List<NodePorts> ports) {
        this.cluster = cluster;
        this.proxies = List.copyOf(proxies);
        this.lab = lab;
        this.disks = disks;
        this.ports = List.copyOf(ports);
    }

    static Testbed start(ChaosSpec spec, Path runDir, boolean withLab, boolean withDisks, String tag,
            Consumer<String> progress, RunClock clock) throws IOException, InterruptedException {
        String target = spec.target();
        if (target.startsWith("bootstrap:")) {
            return new Testbed(new ExternalCluster(target.substring("bootstrap:".length())), List.of(), null, null, List.of());
        }
        NetLab lab = null;
        DataDisks disks = null;
        List<FaultProxy> proxies = new ArrayList<>();
        try {
            if (withLab) {
                progress.accept("creating network namespaces for " + spec.nodes() + " node(s)");
                lab = NetLab.create(tag, spec.nodes());
            }
            if (withDisks) {
                progress.accept("mounting a " + (DataDisks.DEFAULT_BYTES >> 20) + " MiB tmpfs on each node's data directory");
                disks = DataDisks.mount(dataDirs(spec, runDir), DataDisks.DEFAULT_BYTES);
            }
            List<NodePorts> ports = new ArrayList<>();
            if (target.equals("embedded")) {
                for (int i = 0; lab != null && i < spec.nodes(); i++) {
                    ports.add(new NodePorts(NAMESPACE_CONTROLLER_PORT, NAMESPACE_REPLICATION_PORT));
                }
                return new Testbed(brokerRef(spec, runDir, lab, proxies, progress, clock), proxies, lab, disks, ports);
            }
            if (target.startsWith("kafka:")) {
                KafkaPeerSpec base = kafkaSpec(spec, runDir, lab);
                for (int i = 0; lab != null && i < spec.nodes(); i++) {
                    ports.add(new NodePorts(base.controllerPort(i), base.clientPort(i))); // INTERNAL, the inter-broker listener
                }
                return new Testbed(kafka(spec, base, lab, proxies, progress, clock), proxies, lab, disks, ports);
            }
            throw new IllegalArgumentException("unknown target '" + target
                    + "': use embedded, kafka:VERSION or bootstrap:HOST:PORT,..");
        } catch (IOException | InterruptedException | RuntimeException e) {
            proxies.forEach(FaultProxy::close);
            if (lab != null) {
                lab.close();
            }
            if (disks != null) {
                disks.close();
            }
            throw e;
        }
    }

    /** Where each node keeps its data, for the disks mounted there before the nodes start. */
    private static Map<Integer, Path> dataDirs(ChaosSpec spec, Path runDir) {
        Map<Integer, Path> dirs = new LinkedHashMap<>();
        for (int i = 0; i < spec.nodes(); i++) {
            dirs.put(i, spec.target().equals("embedded") ? runDir.resolve("n" + i).resolve("data")
                    : runDir.resolve("kafka").resolve("node-" + (i + 1)).resolve("data"));
        }
        return dirs;
    }

    /**
     * broker-ref nodes, each in its namespace when there is a lab, behind its proxy. One node runs on
     * its own; several form one cluster: each advertises its proxy to clients, while the quorum
     * (controller listeners, the voters' list) and the brokers' traffic to each other (the inter-broker
     * listener, advertised at the node's own address) run on the nodes' own addresses and ports, never
     * through a proxy.
     */
    private static Cluster brokerRef(ChaosSpec spec, Path runDir, NetLab lab, List<FaultProxy> proxies,
            Consumer<String> progress, RunClock clock) throws IOException, InterruptedException {
        int n = spec.nodes();
        List<Integer> loopbackPorts = lab == null ? Tcp.freeLoopbackPorts(3 * n) : List.of();
        List<BrokerRefCluster.Place> places = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            NodeHost host = lab == null ? NodeHost.LOOPBACK : new NodeHost(lab.nodeAddress(i), lab.commandPrefix(i));
            int port = lab == null ? loopbackPorts.get(i) : NAMESPACE_CLIENT_PORT;
            int controllerPort = lab == null ? loopbackPorts.get(n + i) : NAMESPACE_CONTROLLER_PORT;
            int replicationPort = lab == null ? loopbackPorts.get(2 * n + i) : NAMESPACE_REPLICATION_PORT;
            FaultProxy proxy = FaultProxy.start("n" + i, new InetSocketAddress("127.0.0.1", 0),
                    new InetSocketAddress(host.address(), port));
            proxies.add(proxy);
            places.add(new BrokerRefCluster.Place(host, port, controllerPort, replicationPort,
                    "127.0.0.1:" + proxy.address().getPort()));
        }
        List<String> extra = new ArrayList<>();
        if (spec.broken() != null) {
            extra.addAll(List.of("--broken", spec.broken()));
        }
        String mode = spec.broken() == null ? "" : " in BROKEN mode " + spec.broken();
        List<BrokerRefNode> nodes;
        if (n == 1) {
            BrokerRefCluster.Place p = places.get(0);
            List<String> options = new ArrayList<>(spec.brokerConfig().embeddedOptions());
            options.addAll(extra);
            nodes = List.of(BrokerRefNode.placed(0, spec.brokerCommand(), p.host(), p.clientPort(), p.advertised(),
                    runDir.resolve("n0"), options));
            progress.accept("starting broker-ref" + mode);
        } else {
            BrokerRefCluster layout = new BrokerRefCluster(places, BrokerRefCluster.defaultVoters(n),
                    spec.brokerConfig().forKind("embedded"));
            nodes = layout.nodes(spec.brokerCommand(), runDir, extra);
            progress.accept("starting a broker-ref cluster of " + n + " nodes" + mode + ", " + layout.voters()
                    + " voting (quorum " + layout.quorumVoters() + ")");
        }
        return LaunchedCluster.start("embedded", new NodeCluster("broker-ref", nodes), bootstrap(proxies), START_TIMEOUT,
                clock);
    }

    /**
     * Apache Kafka nodes: with a lab, each in its namespace, reaching each other over the bridge (so
     * partitions cut them apart), clients coming in through the proxies to their EXTERNAL listeners.
     */
    private static KafkaPeerSpec kafkaSpec(ChaosSpec spec, Path runDir, NetLab lab) {
        KafkaPeerSpec base = new KafkaPeerSpec(spec.target().substring("kafka:".length()), spec.nodes(),
                KafkaPeerSpec.DEFAULT_BASE_PORT, runDir.resolve("kafka"), spec.cacheDir(), spec.brokerConfig().forKind("kafka"), "1g");
        if (lab != null) {
            List<NodeHost> placement = new ArrayList<>();
            for (int i = 0; i < spec.nodes(); i++) {
                placement.add(new NodeHost(lab.nodeAddress(i), lab.commandPrefix(i)));
            }
            base = base.withPlacement(placement);
        }
        return base;
    }

    private static Cluster kafka(ChaosSpec spec, KafkaPeerSpec base, NetLab lab, List<FaultProxy> proxies,
            Consumer<String> progress, RunClock clock) throws IOException, InterruptedException {
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < spec.nodes(); i++) {
            FaultProxy proxy = FaultProxy.start("n" + i, new InetSocketAddress("127.0.0.1", 0), lab == null
                    ? new InetSocketAddress("127.0.0.1", base.clientPort(i))
                    : new InetSocketAddress(base.host(i), base.externalPort(i)));
            proxies.add(proxy);
            ports.add(proxy.address().getPort());
        }
        KafkaCluster cluster = KafkaCluster.prepare(base.withAdvertisedPorts(ports), progress);
        return LaunchedCluster.start("kafka", cluster, bootstrap(proxies), START_TIMEOUT, clock);
    }

    private static String bootstrap(List<FaultProxy> proxies) {
        StringJoiner j = new StringJoiner(",");
        proxies.forEach(p -> j.add("127.0.0.1:" + p.address().getPort()));
        return j.toString();
    }

    @Override
    public void close() {
        cluster.close();
        proxies.forEach(FaultProxy::close);
        if (lab != null) {
            lab.close();
        }
        if (disks != null) {
            disks.close();
        }
    }
}

package dev.crucible.chaos;

import dev.crucible.chaos.cluster.Cluster;
import dev.crucible.chaos.cluster.ExternalCluster;
import dev.crucible.chaos.cluster.KafkaCluster;
import dev.crucible.chaos.cluster.ProcessCluster;
import dev.crucible.chaos.cluster.ProcessNode;
import dev.crucible.chaos.net.DataDisks;
import dev.crucible.chaos.net.NetLab;
import dev.crucible.chaos.proxy.FaultProxy;
import dev.crucible.load.peer.KafkaPeerSpec;
import dev.crucible.load.peer.NodeHost;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * Starts what a run needs before clients start: the network lab (when partitions are asked for),
 * one fault proxy per node on loopback, and the nodes themselves, advertising their proxy so every
 * client byte passes through it. Closing it undoes everything, in reverse order.
 */
final class Launch implements AutoCloseable {
    static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    final Cluster cluster;
    final List<FaultProxy> proxies;
    final NetLab lab;
    /** The nodes' own data disks, when a fill fault may run; else null. */
    final DataDisks disks;

    private Launch(Cluster cluster, List<FaultProxy> proxies, NetLab lab, DataDisks disks) {
        this.cluster = cluster;
        this.proxies = List.copyOf(proxies);
        this.lab = lab;
        this.disks = disks;
    }

    static Launch start(ChaosSpec spec, Path runDir, boolean withLab, boolean withDisks, String tag,
            Consumer<String> progress) throws IOException, InterruptedException {
        String target = spec.target();
        if (target.startsWith("bootstrap:")) {
            return new Launch(new ExternalCluster(target.substring("bootstrap:".length())), List.of(), null, null);
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
                Map<Integer, Path> dirs = new java.util.LinkedHashMap<>();
                for (int i = 0; i < spec.nodes(); i++) {
                    dirs.put(i, target.equals("embedded") ? runDir.resolve("n" + i).resolve("data")
                            : runDir.resolve("kafka").resolve("node-" + (i + 1)).resolve("data"));
                }
                progress.accept("mounting a " + (DataDisks.DEFAULT_BYTES >> 20) + " MiB tmpfs on each node's data directory");
                disks = DataDisks.mount(dirs, DataDisks.DEFAULT_BYTES);
            }
            if (target.equals("embedded")) {
                if (spec.nodes() != 1) {
                    throw new IllegalArgumentException("broker-ref does not replicate yet: --nodes must be 1 for"
                            + " --target embedded (use --target kafka:VERSION --nodes 3 for a cluster)");
                }
                List<ProcessNode> nodes = new ArrayList<>();
                for (int i = 0; i < spec.nodes(); i++) {
                    String host = lab == null ? "127.0.0.1" : lab.nodeAddress(i);
                    int port = lab == null ? dev.crucible.load.peer.Tcp.freeLoopbackPort() : 9092;
                    FaultProxy proxy = FaultProxy.start("n" + i, new InetSocketAddress("127.0.0.1", 0),
                            new InetSocketAddress(host, port));
                    proxies.add(proxy);
                    Path dir = runDir.resolve("n" + i).toAbsolutePath(); // the node runs in it: paths must not be relative
                    List<String> cmd = new ArrayList<>(lab == null ? List.of() : lab.commandPrefix(i));
                    cmd.addAll(spec.brokerCommand());
                    cmd.addAll(List.of("--node-id", Integer.toString(i), "--data-dir", dir.resolve("data").toString(),
                            "--set", "listeners=PLAINTEXT://" + host + ":" + port,
                            "--set", "advertised.listeners=PLAINTEXT://127.0.0.1:" + proxy.address().getPort()));
                    if (spec.broken() != null) {
                        cmd.addAll(List.of("--broken", spec.broken()));
                    }
                    nodes.add(new ProcessNode(i, cmd, host, port, dir.resolve("data"), dir.resolve("broker.out")));
                }
                progress.accept("starting broker-ref" + (spec.broken() == null ? "" : " in BROKEN mode " + spec.broken()));
                Cluster c = ProcessCluster.start("embedded", "broker-ref", nodes, bootstrap(proxies), START_TIMEOUT);
                return new Launch(c, proxies, lab, disks);
            }
            if (target.startsWith("kafka:")) {
                KafkaPeerSpec base = new KafkaPeerSpec(target.substring("kafka:".length()), spec.nodes(),
                        KafkaPeerSpec.DEFAULT_BASE_PORT, runDir.resolve("kafka"), spec.cacheDir(), Map.of(), "1g");
                if (lab != null) {
                    // Each node in its namespace; they reach each other over the bridge (so partitions cut
                    // them apart), and clients come in through the proxies to their EXTERNAL listeners.
                    List<NodeHost> placement = new ArrayList<>();
                    for (int i = 0; i < spec.nodes(); i++) {
                        placement.add(new NodeHost(lab.nodeAddress(i), lab.commandPrefix(i)));
                    }
                    base = base.withPlacement(placement);
                }
                List<Integer> ports = new ArrayList<>();
                for (int i = 0; i < spec.nodes(); i++) {
                    FaultProxy proxy = FaultProxy.start("n" + i, new InetSocketAddress("127.0.0.1", 0), lab == null
                            ? new InetSocketAddress("127.0.0.1", base.clientPort(i))
                            : new InetSocketAddress(base.host(i), base.externalPort(i)));
                    proxies.add(proxy);
                    ports.add(proxy.address().getPort());
                }
                Cluster c = KafkaCluster.start(base.withAdvertisedPorts(ports), bootstrap(proxies), progress);
                return new Launch(c, proxies, lab, disks);
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

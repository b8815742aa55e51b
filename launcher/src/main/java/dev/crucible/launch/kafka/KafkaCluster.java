package dev.crucible.launch.kafka;

import dev.crucible.launch.cluster.Cluster;
import dev.crucible.launch.cluster.Node;
import dev.crucible.launch.cluster.ProcessNode;
import dev.crucible.launch.probe.ClusterProbe;
import dev.crucible.launch.process.ChildJvm;
import dev.crucible.launch.process.LoopbackPorts;
import dev.crucible.launch.process.StopHook;
import dev.crucible.launch.process.WatchdogClasspath;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.Uuid;

/**
 * An Apache Kafka cluster of one release, started from Maven Central jars for a run or on its own.
 * {@link #prepare} resolves the jars ({@link KafkaJars}), checks the ports, writes and formats each
 * node's folder; {@link #start(Duration)} starts the node JVMs and returns once the cluster lists
 * every node.
 *
 * <p>The nodes never outlive us: a shutdown hook stops them until the cluster is closed, and each
 * node JVM runs under {@link dev.crucible.launch.process.ParentWatch}, which ends it if we die by
 * SIGKILL.
 */
public final class KafkaCluster implements Cluster {

    /** How long {@link #start(KafkaPeerSpec, Consumer)} waits for every node to answer. */
    public static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final KafkaPeerSpec spec;
    private final List<KafkaNode> nodes;
    private final Consumer<String> progress;
    private StopHook hook;

    private KafkaCluster(KafkaPeerSpec spec, List<KafkaNode> nodes, Consumer<String> progress) {
        this.spec = spec;
        this.nodes = List.copyOf(nodes);
        this.progress = progress;
    }

    /**
     * Prepares and starts {@code spec}, returning once every node answers; reports each step to
     * {@code progress}. On failure everything started is stopped and the IOException says why,
     * quoting the failing node's output.
     */
    public static KafkaCluster start(KafkaPeerSpec spec, Consumer<String> progress)
            throws IOException, InterruptedException {
        KafkaCluster cluster = prepare(spec, progress);
        cluster.start(START_TIMEOUT);
        return cluster;
    }

    /**
     * Everything but starting the nodes: checks the release and the ports, resolves the jars,
     * writes each node's folder and formats the nodes (unless all hold data of one cluster already).
     */
    public static KafkaCluster prepare(KafkaPeerSpec spec, Consumer<String> progress)
            throws IOException, InterruptedException {
        KafkaVersion version = KafkaVersion.parseKraft(spec.version());
        if (spec.placement().isEmpty()) {
            requireFreePorts(spec);
        }
        Path libs = KafkaJars.resolve(version, spec.cacheDir(), progress);
        ChildJvm jvm = ChildJvm.ofJars(libs, WatchdogClasspath.install(spec.cacheDir()));
        List<KafkaNode> nodes = new ArrayList<>();
        for (int i = 0; i < spec.nodes(); i++) {
            nodes.add(KafkaNode.prepare(spec, version, i, jvm));
        }
        format(nodes, jvm, libs, progress);
        return new KafkaCluster(spec, nodes, progress);
    }

    /** A resolved release: its jar folder and the main class of its storage (format) tool. */
    public record Release(String version, Path libs, String storageToolMain) {}

    /**
     * Resolves {@code version} into {@code cacheDir} (from Maven Central once, then from the cache)
     * without starting anything, for deployments that run the nodes elsewhere.
     */
    public static Release fetch(String version, Path cacheDir, Consumer<String> progress)
            throws IOException, InterruptedException {
        KafkaVersion v = KafkaVersion.parseKraft(version);
        Path libs = KafkaJars.resolve(v, cacheDir, progress);
        return new Release(version, libs, KafkaJars.storageToolMain(libs));
    }

    private static void requireFreePorts(KafkaPeerSpec spec) throws IOException {
        String advice = "choose another base port (node i uses base+i and base+"
                + KafkaPeerSpec.CONTROLLER_PORT_OFFSET + "+i)";
        for (int i = 0; i < spec.nodes(); i++) {
            LoopbackPorts.requireFree(spec.clientPort(i), "client port of node " + (i + 1), advice);
            LoopbackPorts.requireFree(spec.controllerPort(i), "controller port of node " + (i + 1), advice);
        }
    }

    /** Formats every node with one new cluster id, or none if all are formatted already. */
    private static void format(List<KafkaNode> nodes, ChildJvm jvm, Path libs, Consumer<String> progress)
            throws IOException, InterruptedException {
        long formatted = nodes.stream().filter(KafkaNode::formatted).count();
        if (formatted == nodes.size()) {
            progress.accept("keeping the data of " + nodes.size() + " formatted node(s)");
            return;
        }
        if (formatted > 0) {
            throw new IOException(formatted + " of " + nodes.size() + " nodes already hold data of an"
                    + " earlier cluster; delete the data directory or point at an empty one");
        }
        String clusterId = Uuid.randomUuid().toString();
        String storageMain = KafkaJars.storageToolMain(libs);
        List<Process> formats = new ArrayList<>();
        for (KafkaNode node : nodes) {
            progress.accept("formatting " + node.name() + " (cluster " + clusterId + ")");
            formats.add(node.startFormat(jvm, storageMain, clusterId));
        }
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).awaitFormat(formats.get(i));
        }
    }

    /**
     * Starts every node JVM, then waits until the cluster lists them all: a KRaft node answers only
     * once its quorum is up, so they start together. On failure stops them and throws.
     */
    @Override
    public void start(Duration timeout) throws IOException, InterruptedException {
        synchronized (this) {
            if (hook != null) {
                throw new IllegalStateException("the cluster is started already");
            }
            hook = StopHook.register("kafka-peer-shutdown", () -> ProcessNode.stopAll(nodes));
        }
        try {
            long startNs = System.nanoTime();
            for (KafkaNode node : nodes) {
                Process p = node.spawn();
                progress.accept("started " + node.name() + " pid " + p.pid() + " on " + node.bootstrap());
            }
            progress.accept("waiting for " + nodes.size() + " node(s) to answer at " + bootstrap());
            ClusterProbe.awaitMembers(bootstrap(), nodes, timeout);
            progress.accept("Apache Kafka " + version() + " ready at " + bootstrap() + " in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms");
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The Apache Kafka release. */
    @Override
    public String version() {
        return spec.version();
    }

    @Override
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    /** Node {@code index} (0-based), with its folder. */
    public KafkaNode node(int index) {
        return nodes.get(index);
    }

    /**
     * Stops every node: SIGCONT, SIGTERM, up to 30 s for all to exit, then SIGKILL for the rest.
     * Never throws; calling it again does nothing.
     */
    @Override
    public void close() {
        ProcessNode.stopAll(nodes);
        StopHook h;
        synchronized (this) {
            h = hook;
            hook = null;
        }
        if (h != null) {
            h.cancel();
        }
    }
}

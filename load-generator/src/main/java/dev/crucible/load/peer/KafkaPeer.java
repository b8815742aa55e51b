package dev.crucible.load.peer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.common.Uuid;

/**
 * A running Apache Kafka cluster of one release on loopback, started from Maven Central jars for a
 * benchmark run or on its own: resolve the jars ({@link KafkaJars}), check the ports, write and
 * format each node's folder, start the node JVMs, and return once the cluster lists every node.
 *
 * <p>The nodes never outlive us: a shutdown hook closes the peer, and each node JVM runs under
 * {@link ParentWatch}, which ends it if we die by SIGKILL.
 */
public final class KafkaPeer implements AutoCloseable {

    /** How long start() waits for every node to answer. */
    public static final long START_TIMEOUT_MS = 60_000;

    private static final long STOP_TIMEOUT_MS = 30_000;
    private static final long KILL_TIMEOUT_MS = 10_000;

    private final KafkaPeerSpec spec;
    private final List<Process> processes = new ArrayList<>();
    private final List<KafkaNode> nodes = new ArrayList<>();
    private ChildJvm jvm;
    private final Thread shutdownHook = new Thread(this::stopAll, "kafka-peer-shutdown");
    private boolean closed;

    private KafkaPeer(KafkaPeerSpec spec) {
        this.spec = spec;
    }

    /**
     * Starts {@code spec} and returns once every node answers; reports each step to
     * {@code progress}. On failure everything started is stopped and the IOException says why,
     * quoting the failing node's output.
     */
    public static KafkaPeer start(KafkaPeerSpec spec, Consumer<String> progress)
            throws IOException, InterruptedException {
        KafkaVersion version = KafkaVersion.parseKraft(spec.version());
        if (spec.placement().isEmpty()) {
            LoopbackPorts.requireFree(spec);
        }
        ChildJvm jvm = new ChildJvm(KafkaJars.resolve(version, spec.cacheDir(), progress),
                WatchdogClasspath.install(spec.cacheDir()));
        List<KafkaNode> nodes = new ArrayList<>();
        for (int i = 0; i < spec.nodes(); i++) {
            nodes.add(KafkaNode.prepare(spec, version, i));
        }
        format(nodes, jvm, progress);
        KafkaPeer peer = new KafkaPeer(spec);
        peer.jvm = jvm;
        peer.nodes.addAll(nodes);
        Runtime.getRuntime().addShutdownHook(peer.shutdownHook);
        try {
            long startNs = System.nanoTime();
            for (KafkaNode node : nodes) {
                peer.add(node.start(jvm));
                progress.accept("started node " + node.number() + " pid " + node.process().pid()
                        + " on " + spec.host(node.number() - 1) + ":" + spec.clientPort(node.number() - 1));
            }
            progress.accept("waiting for " + nodes.size() + " node(s) to answer at " + peer.bootstrap());
            ClusterProbe.awaitAll(peer.bootstrap(), nodes, START_TIMEOUT_MS);
            progress.accept("Apache Kafka " + version + " ready at " + peer.bootstrap() + " in "
                    + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs) + " ms");
            return peer;
        } catch (IOException | InterruptedException | RuntimeException e) {
            peer.close();
            throw e;
        }
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

    /** Formats every node with one new cluster id, or none if all are formatted already. */
    private static void format(List<KafkaNode> nodes, ChildJvm jvm, Consumer<String> progress)
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
        String storageMain = KafkaJars.storageToolMain(jvm.libs());
        List<Process> formats = new ArrayList<>();
        for (KafkaNode node : nodes) {
            progress.accept("formatting node " + node.number() + " (cluster " + clusterId + ")");
            formats.add(node.startFormat(jvm, storageMain, clusterId));
        }
        for (int i = 0; i < nodes.size(); i++) {
            nodes.get(i).awaitFormat(formats.get(i));
        }
    }

    /** Client bootstrap list, e.g. {@code "127.0.0.1:19092,127.0.0.1:19093"}. */
    public String bootstrap() {
        StringJoiner bootstrap = new StringJoiner(",");
        for (int i = 0; i < spec.nodes(); i++) {
            bootstrap.add(spec.host(i) + ":" + spec.clientPort(i));
        }
        return bootstrap.toString();
    }

    /** Process id of each node JVM, in node order. */
    public synchronized List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /** Node {@code index}'s JVM (0-based): the last one started for it. */
    public synchronized Process process(int index) {
        return processes.get(index);
    }

    /** Node {@code index}'s folder (server.properties, data/, kafka.out). */
    public Path nodeDir(int index) {
        return nodes.get(index).dir();
    }

    /** Where node {@code index}'s output goes. */
    public Path nodeOutput(int index) {
        return nodes.get(index).kafkaOut();
    }

    /**
     * Starts node {@code index} again (after it died or was killed) with its configuration and data;
     * returns once it accepts connections on its client port, else throws with its output.
     */
    public void restart(int index, long timeoutMs) throws IOException, InterruptedException {
        KafkaNode node = nodes.get(index);
        synchronized (this) {
            if (closed) {
                throw new IOException("the peer is closed");
            }
            if (processes.get(index).isAlive()) {
                throw new IllegalStateException("node " + node.number() + " is running");
            }
            processes.set(index, node.start(jvm));
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!Tcp.accepts(spec.host(index), spec.clientPort(index), 500)) {
            if (!process(index).isAlive() || System.nanoTime() - deadline > 0) {
                throw new IOException("node " + node.number() + " did not come back; " + node.tail());
            }
            Thread.sleep(100);
        }
    }

    /** The Apache Kafka release running. */
    public String version() {
        return spec.version();
    }

    /**
     * Stops every node: SIGTERM, up to 30 s for all to exit, then SIGKILL for the rest. Never
     * throws; calling it again does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting and the hook is running (or about to): it does the stopping
        }
        stopAll();
    }

    /**
     * Removes the peer's own shutdown hook: the caller takes over stopping it at exit (for example
     * after it has finished with the nodes), and must then close it from a hook of its own.
     */
    public void handOverShutdown() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is exiting already: the peer's hook stops the nodes
        }
    }

    private synchronized void add(Process process) {
        processes.add(process);
    }

    private void stopAll() {
        List<Process> running;
        synchronized (this) {
            running = List.copyOf(processes);
        }
        running.forEach(Process::destroy);
        awaitExit(running, STOP_TIMEOUT_MS);
        running.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
        awaitExit(running, KILL_TIMEOUT_MS);
    }

    private static void awaitExit(List<Process> processes, long timeoutMs) {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (Process process : processes) {
            long leftNs = deadlineNs - System.nanoTime();
            try {
                if (leftNs > 0) {
                    process.waitFor(leftNs, TimeUnit.NANOSECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // keep going: the nodes must still be stopped
            }
        }
    }
}

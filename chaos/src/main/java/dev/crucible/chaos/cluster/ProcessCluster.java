package dev.crucible.chaos.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Brokers the run started as OS processes of its own (broker-ref nodes). */
public final class ProcessCluster implements Cluster {
    private final String kind;
    private final String version;
    private final List<ProcessNode> nodes;
    private final String bootstrap;
    private final Thread hook = new Thread(() -> {
        ShutdownGate.await();
        stopAll();
    }, "crucible-chaos-nodes-stop");

    private ProcessCluster(String kind, String version, List<ProcessNode> nodes, String bootstrap) {
        this.kind = kind;
        this.version = version;
        this.nodes = List.copyOf(nodes);
        this.bootstrap = bootstrap;
    }

    /** Starts every node and waits until each accepts connections; on failure stops what it started. */
    public static ProcessCluster start(String kind, String version, List<ProcessNode> nodes, String bootstrap,
            Duration timeout) throws IOException, InterruptedException {
        ProcessCluster c = new ProcessCluster(kind, version, nodes, bootstrap);
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            for (ProcessNode n : nodes) {
                n.restart(timeout);
            }
            return c;
        } catch (IOException | InterruptedException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<Node> nodes() {
        return new ArrayList<>(nodes);
    }

    @Override
    public String bootstrap() {
        return bootstrap;
    }

    private void stopAll() {
        nodes.forEach(ProcessNode::stop);
    }

    @Override
    public void close() {
        stopAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is exiting: the hook does the stopping
        }
    }
}

package dev.crucible.launch.cluster;

import dev.crucible.launch.process.StopHook;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Nodes launched as processes (broker-ref's), started together: every process first, then the wait
 * until all of them accept connections, within one timeout. Independent nodes answer on their own;
 * the nodes of a cluster open their ports only once their quorum is up, which takes all of them
 * running (started one by one, the first would wait for the others forever).
 */
public final class NodeCluster implements Cluster {
    private final String version;
    private final List<ProcessNode> nodes;
    private StopHook hook;

    /** A cluster of {@code nodes}, not started yet. */
    public NodeCluster(String version, List<? extends ProcessNode> nodes) {
        this.version = version;
        this.nodes = List.copyOf(nodes);
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public void start(Duration timeout) throws IOException, InterruptedException {
        synchronized (this) {
            if (hook != null) {
                throw new IllegalStateException("the cluster is started already");
            }
            hook = StopHook.register("crucible-nodes-stop", () -> ProcessNode.stopAll(nodes));
        }
        try {
            for (ProcessNode n : nodes) {
                n.spawn();
            }
            StartWait.untilAnswering(nodes, timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            close();
            throw e;
        }
    }

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

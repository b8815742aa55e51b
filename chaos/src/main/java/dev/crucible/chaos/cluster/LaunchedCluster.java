package dev.crucible.chaos.cluster;

import dev.crucible.chaos.time.RunClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A cluster the run launched (broker-ref nodes or Apache Kafka, see
 * {@link dev.crucible.launch.cluster.Cluster}), whose clients come in at {@code bootstrap} (the
 * fault proxies' addresses). Its nodes are watched for crashes from their first start.
 */
public final class LaunchedCluster implements Cluster {
    private final String kind;
    private final dev.crucible.launch.cluster.Cluster cluster;
    private final String bootstrap;
    private final List<WatchedNode> nodes = new ArrayList<>();

    private LaunchedCluster(String kind, dev.crucible.launch.cluster.Cluster cluster, String bootstrap, RunClock clock) {
        this.kind = kind;
        this.cluster = cluster;
        this.bootstrap = bootstrap;
        List<dev.crucible.launch.cluster.Node> launched = cluster.nodes();
        for (int i = 0; i < launched.size(); i++) {
            nodes.add(new WatchedNode(launched.get(i), i, clock));
        }
    }

    /**
     * Starts {@code cluster} (prepared, not started) with its nodes watched; on failure it is
     * stopped and the exception says why.
     */
    public static LaunchedCluster start(String kind, dev.crucible.launch.cluster.Cluster cluster, String bootstrap,
            Duration timeout, RunClock clock) throws IOException, InterruptedException {
        LaunchedCluster c = new LaunchedCluster(kind, cluster, bootstrap, clock);
        cluster.start(timeout); // stops what it started if it fails
        c.nodes.forEach(WatchedNode::started);
        return c;
    }

    @Override
    public String kind() {
        return kind;
    }

    @Override
    public String version() {
        return cluster.version();
    }

    @Override
    public List<Node> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public String bootstrap() {
        return bootstrap;
    }

    @Override
    public void close() {
        nodes.forEach(WatchedNode::stopping);
        cluster.close();
    }
}

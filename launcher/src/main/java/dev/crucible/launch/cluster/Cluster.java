package dev.crucible.launch.cluster;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Brokers launched together: created with every node prepared, {@link #start started} as one,
 * {@link #close closed} as one. Until closed, a shutdown hook stops the nodes if the JVM exits (after
 * the {@link dev.crucible.launch.process.ShutdownGate}).
 */
public interface Cluster extends AutoCloseable {

    /** "broker-ref" or the Apache Kafka release. */
    String version();

    /** The nodes, in order. */
    List<Node> nodes();

    /** The nodes' own addresses, comma-separated, for clients' bootstrap.servers. */
    default String bootstrap() {
        return String.join(",", nodes().stream().map(Node::bootstrap).toList());
    }

    /** Process ids of the running nodes, in node order. */
    default List<Long> pids() {
        List<Long> pids = new ArrayList<>();
        nodes().forEach(n -> n.pid().ifPresent(pids::add));
        return pids;
    }

    /** Starts every node (once) and returns when the cluster answers; on failure stops what it started and throws. */
    void start(Duration timeout) throws IOException, InterruptedException;

    /** Stops every node (all at once: SIGCONT, SIGTERM, SIGKILL after 30 s). Never throws; idempotent. */
    @Override
    void close();
}

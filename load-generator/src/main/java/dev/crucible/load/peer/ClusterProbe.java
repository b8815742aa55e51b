package dev.crucible.load.peer;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Node;

/**
 * Waits until every node of a peer is a live broker of one cluster, as the cluster itself reports
 * ({@code describeCluster}); fails fast when a node JVM exits first. Our kafka-clients (4.3.1)
 * speaks to every KRaft release.
 */
final class ClusterProbe {

    private static final long POLL_MS = 250;
    private static final long CALL_TIMEOUT_MS = 3_000;

    private ClusterProbe() {}

    /** Returns once {@code describeCluster} lists every node, or throws at {@code timeoutMs}. */
    static void awaitAll(String bootstrap, List<KafkaNode> nodes, long timeoutMs)
            throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Admin admin = Admin.create(config(bootstrap));
        try {
            while (true) {
                requireRunning(nodes);
                Set<Integer> seen = liveNodeIds(admin);
                if (seen.size() >= nodes.size()) {
                    return;
                }
                if (deadlineNs - System.nanoTime() < 0) {
                    throw new IOException(notJoined(nodes, seen, timeoutMs));
                }
                Thread.sleep(POLL_MS);
            }
        } finally {
            admin.close(Duration.ofSeconds(2)); // bounded: calls that timed out may still be queued
        }
    }

    private static Set<Integer> liveNodeIds(Admin admin) throws InterruptedException {
        try {
            Collection<Node> nodes =
                    admin.describeCluster().nodes().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return nodes.stream().map(Node::id).collect(Collectors.toSet());
        } catch (ExecutionException | TimeoutException e) {
            return Set.of(); // not up yet
        }
    }

    private static void requireRunning(List<KafkaNode> nodes) throws IOException {
        for (KafkaNode node : nodes) {
            Process process = node.process();
            if (!process.isAlive()) {
                throw new IOException("node " + node.number() + " (pid " + process.pid()
                        + ") exited with code " + process.exitValue() + " while starting; " + node.tail());
            }
        }
    }

    private static String notJoined(List<KafkaNode> nodes, Set<Integer> seen, long timeoutMs) {
        StringBuilder message = new StringBuilder("only " + seen.size() + " of " + nodes.size()
                + " nodes answered within " + timeoutMs / 1000 + " s");
        for (KafkaNode node : nodes) {
            if (!seen.contains(node.number())) {
                message.append("\nnode ").append(node.number()).append(" did not join; ")
                        .append(node.tail());
            }
        }
        return message.toString();
    }

    private static Map<String, Object> config(String bootstrap) {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS - 500,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS,
                AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500,
                AdminClientConfig.CLIENT_ID_CONFIG, "crucible-peer-probe");
    }
}

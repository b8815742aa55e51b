package dev.crucible.launch.probe;

import dev.crucible.launch.cluster.Node;
import java.io.IOException;
import java.net.InetSocketAddress;
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

/**
 * Waits until brokers serve: one address until it answers the Kafka protocol ({@code crucible
 * probe}, which deployments run after a restart), or every node of a cluster until the cluster lists
 * it as a live member ({@code describeCluster}; our kafka-clients speaks to every KRaft release),
 * failing fast when a node's process exits first.
 */
public final class ClusterProbe {
    private static final long PING_EVERY_MS = 500;
    private static final long PING_TIMEOUT_MS = 2_000;
    private static final long MEMBERS_POLL_MS = 250;
    private static final long CALL_TIMEOUT_MS = 3_000;

    private ClusterProbe() {}

    /**
     * Pings {@code broker} with ApiVersions every half second (each try bounded by 2 s) until it
     * answers or {@code timeout} has passed; returns the answer, or the last try's failure.
     */
    public static ProbeResult awaitAnswer(InetSocketAddress broker, Duration timeout) throws InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        KafkaPing ping = new KafkaPing();
        while (true) {
            long leftNs = deadlineNs - System.nanoTime();
            long tryNs = Math.max(TimeUnit.MILLISECONDS.toNanos(1), Math.min(leftNs, TimeUnit.MILLISECONDS.toNanos(PING_TIMEOUT_MS)));
            ProbeResult last = ping.probe(broker, Duration.ofNanos(tryNs));
            if (last.answered() || deadlineNs - System.nanoTime() <= 0) {
                return last;
            }
            Thread.sleep(Math.min(PING_EVERY_MS, Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNs - System.nanoTime()))));
        }
    }

    /**
     * Returns once {@code describeCluster} at {@code bootstrap} lists as many live brokers as there
     * are {@code nodes}; throws when a node's process exits first (quoting its log), or at
     * {@code timeout} naming each node that did not join.
     */
    public static void awaitMembers(String bootstrap, List<? extends Node> nodes, Duration timeout)
            throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        Admin admin = Admin.create(config(bootstrap));
        try {
            while (true) {
                for (Node node : nodes) {
                    node.requireRunning();
                }
                Set<Integer> seen = liveNodeIds(admin);
                if (seen.size() >= nodes.size()) {
                    return;
                }
                if (deadlineNs - System.nanoTime() < 0) {
                    throw new IOException(notJoined(nodes, seen, timeout));
                }
                Thread.sleep(MEMBERS_POLL_MS);
            }
        } finally {
            admin.close(Duration.ofSeconds(2)); // bounded: calls that timed out may still be queued
        }
    }

    private static Set<Integer> liveNodeIds(Admin admin) throws InterruptedException {
        try {
            Collection<org.apache.kafka.common.Node> nodes =
                    admin.describeCluster().nodes().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            return nodes.stream().map(org.apache.kafka.common.Node::id).collect(Collectors.toSet());
        } catch (ExecutionException | TimeoutException e) {
            return Set.of(); // not up yet
        }
    }

    private static String notJoined(List<? extends Node> nodes, Set<Integer> seen, Duration timeout) {
        StringBuilder message = new StringBuilder("only " + seen.size() + " of " + nodes.size()
                + " nodes answered within " + timeout.toSeconds() + " s");
        for (Node node : nodes) {
            if (!seen.contains(node.id())) {
                message.append('\n').append(node.name()).append(" did not join; ").append(node.logTail());
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

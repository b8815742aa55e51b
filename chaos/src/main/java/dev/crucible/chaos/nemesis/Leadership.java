package dev.crucible.chaos.nemesis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartitionInfo;

/**
 * Who leads, replicates and is in sync for each partition of a topic, by node index, as the target's own
 * Metadata says (any Kafka-protocol cluster: nothing broker-specific). A broker id is matched to the node the run
 * launched by the port it advertises to clients (the node's fault proxy), learned from the cluster's broker list
 * while the broker is registered and remembered after.
 */
public final class Leadership {
    /** No leader, or a broker this run did not launch. */
    public static final int NONE = -1;
    private static final long CALL_TIMEOUT_MS = 4_000;

    private final Map<String, Object> clientConfig;
    private final Map<Integer, Integer> nodeByAdvertisedPort;
    private final Map<Integer, Integer> nodeByBrokerId = new ConcurrentHashMap<>();

    /**
     * @param clientConfig settings for an admin client (bootstrap included)
     * @param nodeByAdvertisedPort node index by the client port its broker advertises
     */
    public Leadership(Map<String, Object> clientConfig, Map<Integer, Integer> nodeByAdvertisedPort) {
        Map<String, Object> c = new HashMap<>(clientConfig);
        c.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS / 2);
        c.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) CALL_TIMEOUT_MS);
        this.clientConfig = Map.copyOf(c);
        this.nodeByAdvertisedPort = Map.copyOf(nodeByAdvertisedPort);
    }

    /**
     * A partition's roles, as node indexes ({@link #NONE} for no leader or an unknown broker).
     */
    public record Roles(int partition, int leader, List<Integer> replicas, List<Integer> isr) {
        public Roles {
            replicas = List.copyOf(replicas);
            isr = List.copyOf(isr);
        }

        /** Every replica is in sync, there are at least {@code min}, and one leads. */
        public boolean fullyInSync(int min) {
            return leader != NONE && replicas.size() >= min && isr.size() == replicas.size() && !replicas.contains(NONE);
        }

        /** The replicas other than the leader, in assignment order. */
        public List<Integer> followers() {
            List<Integer> out = new ArrayList<>(replicas);
            out.remove(Integer.valueOf(leader));
            return out;
        }

        @Override
        public String toString() {
            return "partition " + partition + ": leader " + name(leader) + ", replicas " + names(replicas) + ", in sync "
                    + names(isr);
        }
    }

    /** The roles of every partition of {@code topic}, in partition order; one admin client per call. */
    public List<Roles> of(String topic) throws Exception {
        try (Admin admin = Admin.create(clientConfig)) {
            return describe(admin, topic);
        }
    }

    /**
     * Polls {@code topic}'s Metadata every {@code pollMs} until {@code partition}'s leader is a node {@code accept}
     * takes, or {@code timeoutMs} pass; returns the last roles seen (null if no answer came at all).
     */
    public Roles await(String topic, int partition, java.util.function.IntPredicate accept, long timeoutMs, long pollMs)
            throws InterruptedException {
        try (Admin admin = Admin.create(clientConfig)) {
            return poll(topic, partition, accept, timeoutMs, pollMs, () -> admin);
        }
    }

    /**
     * As {@link #await}, but with a new admin client for every poll: each bootstraps from a node picked at random, so a
     * node that still answers with a stale view (a leader cut off from the controller keeps naming itself) cannot hide
     * what the others say.
     */
    public Roles awaitAnyView(String topic, int partition, java.util.function.IntPredicate accept, long timeoutMs, long pollMs)
            throws InterruptedException {
        return poll(topic, partition, accept, timeoutMs, pollMs, null);
    }

    /** The polling of both: {@code shared} gives the one client to ask, or is null for a new client per poll. */
    private Roles poll(String topic, int partition, java.util.function.IntPredicate accept, long timeoutMs, long pollMs,
            java.util.function.Supplier<Admin> shared) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        Roles last = null;
        while (true) {
            Admin admin = shared != null ? shared.get() : Admin.create(clientConfig);
            try {
                last = describe(admin, topic).get(partition);
                if (accept.test(last.leader())) {
                    return last;
                }
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                // a killed node, an election under way: ask again
            } finally {
                if (shared == null) {
                    admin.close();
                }
            }
            if (System.nanoTime() - end > 0) {
                return last;
            }
            Thread.sleep(pollMs);
        }
    }

    private List<Roles> describe(Admin admin, String topic)
            throws java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException, InterruptedException {
        learnBrokers(admin);
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic);
        List<Roles> out = new ArrayList<>();
        for (TopicPartitionInfo p : d.partitions()) {
            out.add(new Roles(p.partition(), index(p.leader()), indexes(p.replicas()), indexes(p.isr())));
        }
        return out;
    }

    private void learnBrokers(Admin admin) {
        if (nodeByBrokerId.size() >= nodeByAdvertisedPort.size()) {
            return;
        }
        try {
            for (Node n : admin.describeCluster().nodes().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
                Integer node = nodeByAdvertisedPort.get(n.port());
                if (node != null) {
                    nodeByBrokerId.put(n.id(), node);
                }
            }
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // the topic's brokers already known are enough; the rest are learned on a later call
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private int index(Node broker) {
        if (broker == null || broker.id() < 0) {
            return NONE;
        }
        Integer known = nodeByBrokerId.get(broker.id()); // a broker that is down has an id but no address
        if (known != null) {
            return known;
        }
        if (broker.isEmpty()) {
            return NONE;
        }
        Integer byPort = nodeByAdvertisedPort.get(broker.port());
        if (byPort != null) {
            nodeByBrokerId.put(broker.id(), byPort);
            return byPort;
        }
        return NONE;
    }

    private List<Integer> indexes(List<Node> brokers) {
        List<Integer> out = new ArrayList<>();
        for (Node b : brokers) {
            out.add(index(b));
        }
        return out;
    }

    static String name(int node) {
        return node == NONE ? "none" : "n" + node;
    }

    static String names(List<Integer> nodes) {
        List<String> out = new ArrayList<>();
        nodes.forEach(n -> out.add(name(n)));
        return "[" + String.join(",", out) + "]";
    }
}

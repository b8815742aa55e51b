package dev.crucible.broker.fetcher;

import dev.crucible.broker.cluster.ReplicaManager;
import dev.crucible.broker.cluster.ReplicatedPartition;
import dev.crucible.broker.config.ReplicationConfig;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** One {@link ReplicaFetcher} per leader broker this broker follows partitions on; told by the replica manager after each image. */
public final class ReplicaFetchers implements ReplicaManager.FollowerListener, AutoCloseable {
    private final int nodeId;
    private final ReplicaManager replicas;
    private final ReplicationConfig config;
    private final String listener;
    private final LongSupplier brokerEpoch;
    private final Map<Integer, ReplicaFetcher> fetchers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /**
     * @param listener the inter-broker listener name: leaders are reached at their endpoint of that name
     */
    public ReplicaFetchers(int nodeId, ReplicaManager replicas, ReplicationConfig config, String listener, LongSupplier brokerEpoch) {
        this.nodeId = nodeId;
        this.replicas = replicas;
        this.config = config;
        this.listener = listener;
        this.brokerEpoch = brokerEpoch;
    }

    @Override
    public synchronized void following(Map<Integer, List<ReplicatedPartition>> byLeader) {
        if (closed) {
            return;
        }
        for (Map.Entry<Integer, List<ReplicatedPartition>> e : byLeader.entrySet()) {
            fetchers.computeIfAbsent(e.getKey(), leader -> new ReplicaFetcher(leader, nodeId, replicas, config, listener, brokerEpoch))
                .partitions(e.getValue());
        }
        for (Map.Entry<Integer, ReplicaFetcher> e : fetchers.entrySet()) {
            if (!byLeader.containsKey(e.getKey())) {
                e.getValue().partitions(List.of());
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        for (ReplicaFetcher f : fetchers.values()) {
            f.close();
        }
        fetchers.clear();
    }
}

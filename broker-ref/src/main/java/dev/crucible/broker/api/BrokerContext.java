package dev.crucible.broker.api;

import dev.crucible.broker.cluster.ClusterView;
import dev.crucible.broker.cluster.ReplicatedPartition;
import dev.crucible.broker.config.BrokerConfig;
import dev.crucible.broker.log.Topics;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntSupplier;

/**
 * What the request handlers share: the configuration, the cluster's identity, the topics, and an
 * executor for work that touches the disk synchronously (topic creation and deletion) so that it never
 * runs on a network thread, and a timer thread for long polls.
 *
 * @param clusterId stored in the data directory on first start, like Kafka's {@code meta.properties}
 * @param cluster   the cluster this broker is part of; null when it runs alone
 */
public record BrokerContext(BrokerConfig config, String clusterId, Topics topics, Executor adminExecutor,
                            ScheduledExecutorService timers, IntSupplier boundPort, ClusterView cluster) {

    /** A broker running alone. */
    public BrokerContext(BrokerConfig config, String clusterId, Topics topics, Executor adminExecutor, ScheduledExecutorService timers,
                         IntSupplier boundPort) {
        this(config, clusterId, topics, adminExecutor, timers, boundPort, null);
    }

    /** NONE when this broker may serve the partition (always, alone); otherwise the error to answer (see {@link ClusterView#servable}). */
    public Errors leadership(String name, Uuid id, int partition) {
        return cluster == null ? Errors.NONE : cluster.servable(name, id, partition);
    }

    /** The local replica of a partition under replication, or null (a broker alone, or not held here). */
    public ReplicatedPartition replica(Uuid topicId, int partition) {
        return cluster == null || cluster.replicas() == null ? null : cluster.replicas().get(topicId, partition);
    }

    /** The port clients are told to use: the configured advertised port, or the bound one. */
    public int advertisedPort() {
        return config.advertisedPort() != 0 ? config.advertisedPort() : boundPort.getAsInt();
    }

    public int nodeId() {
        return config.nodeId();
    }
}

package dev.crucible.broker.api;

import dev.crucible.broker.cluster.ClusterView;
import dev.crucible.broker.cluster.ReplicatedPartition;
import dev.crucible.broker.config.BrokerConfig;
import dev.crucible.broker.config.DataListener;
import dev.crucible.broker.log.Topics;
import dev.crucible.broker.metadata.Endpoint;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * What the request handlers share: the configuration, the cluster's identity, the topics, and an
 * executor for work that touches the disk synchronously (topic creation and deletion) so that it never
 * runs on a network thread, and a timer thread for long polls.
 *
 * @param clusterId  stored in the data directory on first start, like Kafka's {@code meta.properties}
 * @param boundPorts the port each data listener bound, by listener name (for listeners advertised with port 0)
 * @param cluster    the cluster this broker is part of; null when it runs alone
 */
public record BrokerContext(BrokerConfig config, String clusterId, Topics topics, Executor adminExecutor,
                            ScheduledExecutorService timers, ToIntFunction<String> boundPorts, ClusterView cluster) {

    /** A broker running alone, every listener's bound port given by {@code boundPort}. */
    public BrokerContext(BrokerConfig config, String clusterId, Topics topics, Executor adminExecutor, ScheduledExecutorService timers,
                         IntSupplier boundPort) {
        this(config, clusterId, topics, adminExecutor, timers, listener -> boundPort.getAsInt(), null);
    }

    /** NONE when this broker may serve the partition (always, alone); otherwise the error to answer (see {@link ClusterView#servable}). */
    public Errors leadership(String name, Uuid id, int partition) {
        return cluster == null ? Errors.NONE : cluster.servable(name, id, partition);
    }

    /** The local replica of a partition under replication, or null (a broker alone, or not held here). */
    public ReplicatedPartition replica(Uuid topicId, int partition) {
        return cluster == null || cluster.replicas() == null ? null : cluster.replicas().get(topicId, partition);
    }

    /** The port clients of the primary listener are told to use: the configured advertised port, or the bound one. */
    public int advertisedPort() {
        return advertised(null).port();
    }

    /**
     * Where this broker's {@code listener} (a data listener's name; null or unknown: the primary one) is
     * advertised: its advertised host, and its advertised port or else the port it bound.
     */
    public Endpoint advertised(String listener) {
        DataListener l = listener == null ? null : config.cluster().dataListener(listener);
        if (l == null) {
            l = config.cluster().primaryListener();
        }
        return new Endpoint(l.name(), l.advertisedHost(), l.advertisedPort() != 0 ? l.advertisedPort() : boundPorts.applyAsInt(l.name()));
    }

    public int nodeId() {
        return config.nodeId();
    }
}

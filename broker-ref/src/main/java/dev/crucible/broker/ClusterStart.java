package dev.crucible.broker;

import dev.crucible.broker.cluster.BrokerLifecycle;
import dev.crucible.broker.cluster.ClusterProducerIds;
import dev.crucible.broker.cluster.ClusterView;
import dev.crucible.broker.cluster.ReplicaManager;
import dev.crucible.broker.cluster.ReplicaPublisher;
import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.config.BrokerConfig;
import dev.crucible.broker.config.ReplicationConfig;
import dev.crucible.broker.fetcher.ReplicaFetchers;
import dev.crucible.broker.replication.ReplicationSettings;
import dev.crucible.broker.config.ClusterConfig;
import dev.crucible.broker.config.DataListener;
import dev.crucible.broker.log.Topics;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.quorum.QuorumSettings;
import dev.crucible.broker.quorum.RatisMetadataQuorum;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How a cluster node joins before it serves: start its part of the metadata quorum, register (with an
 * endpoint per data listener, under the listener's name),
 * wait until the controller has unfenced it and its logs follow the image. Waits as long as it takes
 * (a quorum needs a majority of its voters up), saying every 10 s what it waits for.
 */
final class ClusterStart {
    /** The started parts; close the lifecycle before the quorum. */
    record Joined(RatisMetadataQuorum quorum, BrokerLifecycle lifecycle, ClusterView view, ClusterProducerIds producerIds) { }

    private ClusterStart() {
    }

    /** The cluster id every node derives from the quorum's voters. */
    static String clusterId(ClusterConfig cluster) {
        UUID group = RatisMetadataQuorum.groupUuid(cluster.clusterName());
        return new Uuid(group.getMostSignificantBits(), group.getLeastSignificantBits()).toString();
    }

    static Joined join(BrokerConfig config, Topics topics, ScheduledExecutorService timers, List<AutoCloseable> resources)
            throws IOException, InterruptedException {
        ClusterConfig cluster = config.cluster();
        List<Endpoint> endpoints = new ArrayList<>();
        for (DataListener l : cluster.dataListeners()) {
            int port = l.advertisedPort() != 0 ? l.advertisedPort() : l.port();
            if (port == 0) {
                throw new IllegalArgumentException("listeners: a cluster node needs a fixed port on every data listener (" + l.name()
                    + " has 0)");
            }
            endpoints.add(new Endpoint(l.name(), l.advertisedHost(), port));
        }
        List<QuorumSettings.Voter> voters = new ArrayList<>();
        for (ClusterConfig.Voter v : cluster.voters()) {
            voters.add(new QuorumSettings.Voter(v.nodeId(), v.host(), v.port()));
        }
        QuorumSettings.Voter self = cluster.self() == null ? null
            : new QuorumSettings.Voter(cluster.self().nodeId(), cluster.self().host(), cluster.self().port());
        QuorumSettings settings = new QuorumSettings(config.nodeId(), voters, self, cluster.clusterName(),
            config.dataDir().resolve("__cluster_metadata"), cluster.sessionTimeoutMs(), cluster.electionTimeoutMs(), cluster.snapshotEvery(),
            cluster.controllerListener() == null ? null : cluster.controllerListener().host());
        RatisMetadataQuorum quorum = RatisMetadataQuorum.start(settings);
        resources.add(0, quorum);
        BrokerLifecycle lifecycle = new BrokerLifecycle(config.nodeId(), endpoints, quorum, cluster.heartbeatIntervalMs(), timers);
        resources.add(0, lifecycle);
        ReplicationConfig replication = config.replication();
        ReplicaManager replicas = new ReplicaManager(config.nodeId(), config.dataDir(),
            new ReplicationSettings(replication.lagTimeMaxMs(), replication.fsync(), config.broken().orElse(null)), quorum, lifecycle::epoch,
            timers);
        resources.add(0, replicas);
        ReplicaFetchers fetchers = new ReplicaFetchers(config.nodeId(), replicas, replication, cluster.interBrokerListener(), lifecycle::epoch);
        replicas.addListener(fetchers);
        resources.add(0, fetchers);
        ReplicaPublisher publisher = new ReplicaPublisher(config.nodeId(), topics, lifecycle, timers, quorum::image, replicas);
        quorum.subscribe(publisher);
        lifecycle.start();
        long started = System.nanoTime();
        while (true) {
            try {
                publisher.caughtUp().get(10, TimeUnit.SECONDS);
                break;
            } catch (TimeoutException e) {
                BrokerLog.info("node " + config.nodeId() + " waiting for the metadata quorum " + cluster.voters() + " ("
                    + (System.nanoTime() - started) / 1_000_000_000 + " s): "
                    + (lifecycle.epoch() < 0 ? "not registered yet (is a majority of the voters up?)" : "registered at epoch "
                    + lifecycle.epoch() + ", waiting to be unfenced, metadata applied to index " + quorum.image().appliedIndex())
                    + ", active controller " + quorum.activeController());
            } catch (ExecutionException e) {
                throw new IOException("could not join the cluster: " + e.getCause(), e.getCause());
            }
        }
        BrokerLog.info("node " + config.nodeId() + " joined the cluster in " + (System.nanoTime() - started) / 1_000_000 + " ms (broker epoch "
            + lifecycle.epoch() + ", " + quorum.image().brokers().size() + " brokers, " + quorum.image().topics().size() + " topics)");
        ClusterView view = new ClusterView(config.nodeId(), cluster.primaryListener().name(), quorum, topics);
        view.replicas(replicas);
        return new Joined(quorum, lifecycle, view, new ClusterProducerIds(config.nodeId(), quorum, lifecycle));
    }
}

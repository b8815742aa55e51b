package dev.crucible.broker;

import dev.crucible.broker.api.GroupHandler;
import dev.crucible.broker.protocol.RequestDispatcher;
import dev.crucible.broker.config.BrokerConfig;
import dev.crucible.broker.config.TopicConfig;
import dev.crucible.broker.group.GroupConfig;
import dev.crucible.broker.group.Coordinators;
import dev.crucible.broker.group.GroupCoordinator;
import dev.crucible.broker.cluster.ClusterGroups;
import dev.crucible.broker.cluster.ReplicaManager;
import dev.crucible.broker.log.AdmissionFactory;
import dev.crucible.broker.producer.PartitionAdmission;
import dev.crucible.broker.producer.ProducerIdManager;
import dev.crucible.broker.log.RecoveryCheckpoint;
import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.producer.ProducerSnapshots;
import dev.crucible.io.Log;
import dev.crucible.broker.producer.ProducerStateTable;
import dev.crucible.io.GroupCommitWriter;
import org.agrona.concurrent.SystemEpochClock;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The stateful services beside the topics: producer ids and producer state (idempotence), and the
 * consumer-group coordinators: alone, one with its offsets log ({@code <data-dir>/__crucible_offsets-0},
 * kept with the broker's default flush policy and never deleted by retention); in a cluster, one per
 * partition of the replicated offsets topic this broker leads.
 */
final class BrokerServices implements AutoCloseable {
    static final String OFFSETS_DIR = "__crucible_offsets-0";
    private final ProducerIdManager producerIds;
    private final GroupConfig groupConfig;
    private final GroupCoordinator groups; // null in a cluster: the offsets topic's leaders coordinate

    private BrokerServices(ProducerIdManager producerIds, GroupConfig groupConfig, GroupCoordinator groups) {
        this.producerIds = producerIds;
        this.groupConfig = groupConfig;
        this.groups = groups;
    }

    static BrokerServices open(BrokerConfig config, GroupCommitWriter writer, ScheduledExecutorService timers,
                               boolean cleanShutdown, Map<String, RecoveryCheckpoint.Point> recoveryPoints) throws IOException {
        TopicConfig defaults = TopicConfig.of(config.topicDefaults(), Map.of());
        GroupConfig groupConfig = new GroupConfig(config.groupMinSessionTimeoutMs(), config.groupMaxSessionTimeoutMs(),
            config.groupInitialRebalanceDelayMs(), config.groupMaxSize(),
            GroupConfig.DEFAULT.offsetsLogConfig().withFlushPolicy(defaults.toLogConfig().flushPolicy())
                .withFlushIntervalMs(defaults.toLogConfig().flushIntervalMs()), config.offsetsRetentionMs());
        ProducerIdManager producerIds = ProducerIdManager.open(config.dataDir()); // garbled: stop before anything opens
        if (!config.cluster().standalone()) {
            return new BrokerServices(producerIds, groupConfig, null);
        }
        GroupCoordinator groups = GroupCoordinator.open(groupConfig, config.dataDir().resolve(OFFSETS_DIR), writer,
            SystemEpochClock.INSTANCE, timers, cleanShutdown, recoveryPoints == null ? Log.ACTIVE_ONLY
                : RecoveryCheckpoint.pointOf(recoveryPoints, OFFSETS_DIR, null));
        if (groups.compaction() != null) {
            BrokerLog.info(groups.compaction());
        }
        return new BrokerServices(producerIds, groupConfig, groups);
    }

    AdmissionFactory admissions() {
        return (log, topicConfig) -> {
            ProducerStateTable table = ProducerStateTable.rebuild(log, SystemEpochClock.INSTANCE.time());
            log.listener(new ProducerSnapshots(table, BrokerLog::warn));
            return new PartitionAdmission(table, SystemEpochClock.INSTANCE, topicConfig.logAppendTime());
        };
    }

    /** The local offsets log's recovery point, for the checkpoint; null in a cluster (the offsets topic is a topic). */
    RecoveryCheckpoint.Point offsetsRecoveryPoint() {
        return groups == null ? null : RecoveryCheckpoint.untied(groups.recoveryPoint());
    }

    LongSupplier producerIds() {
        return () -> {
            try {
                return producerIds.nextProducerId();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e); // InitProducerId answers KAFKA_STORAGE_ERROR
            }
        };
    }

    /**
     * Serves the group APIs: alone, from the local coordinator; in a cluster ({@code replicas} not null), from
     * the coordinators of the offsets-topic partitions this broker leads (added to {@code resources}).
     */
    void registerGroupApis(RequestDispatcher dispatcher, ReplicaManager replicas, ScheduledExecutorService timers,
                           List<AutoCloseable> resources) {
        Coordinators coordinators;
        if (replicas == null) {
            coordinators = Coordinators.single(groups);
        } else {
            ClusterGroups clusterGroups = new ClusterGroups(replicas, groupConfig, SystemEpochClock.INSTANCE, timers);
            resources.add(0, clusterGroups);
            coordinators = clusterGroups;
        }
        new GroupHandler(coordinators).register(dispatcher::register);
    }

    @Override
    public void close() {
        if (groups != null) {
            groups.close();
        }
    }
}

package dev.crucible.broker;

import dev.crucible.broker.api.GroupHandler;
import dev.crucible.broker.protocol.RequestDispatcher;
import dev.crucible.broker.config.BrokerConfig;
import dev.crucible.broker.config.TopicConfig;
import dev.crucible.broker.group.GroupConfig;
import dev.crucible.broker.group.GroupCoordinator;
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
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.LongSupplier;

/**
 * The stateful services beside the topics: producer ids and producer state (idempotence), and the
 * consumer-group coordinator with its offsets log ({@code <data-dir>/__crucible_offsets-0}, kept with
 * the broker's default flush policy and never deleted by retention).
 */
final class BrokerServices implements AutoCloseable {
    static final String OFFSETS_DIR = "__crucible_offsets-0";
    private final ProducerIdManager producerIds;
    private final GroupCoordinator groups;

    private BrokerServices(ProducerIdManager producerIds, GroupCoordinator groups) {
        this.producerIds = producerIds;
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
        GroupCoordinator groups = GroupCoordinator.open(groupConfig, config.dataDir().resolve(OFFSETS_DIR), writer,
            SystemEpochClock.INSTANCE, timers, cleanShutdown, recoveryPoints == null ? Log.ACTIVE_ONLY
                : RecoveryCheckpoint.pointOf(recoveryPoints, OFFSETS_DIR, null));
        if (groups.compaction() != null) {
            BrokerLog.info(groups.compaction());
        }
        return new BrokerServices(producerIds, groups);
    }

    AdmissionFactory admissions() {
        return (log, topicConfig) -> {
            ProducerStateTable table = ProducerStateTable.rebuild(log, SystemEpochClock.INSTANCE.time());
            log.listener(new ProducerSnapshots(table, BrokerLog::warn));
            return new PartitionAdmission(table, SystemEpochClock.INSTANCE, topicConfig.logAppendTime());
        };
    }

    /** The offsets log's recovery point, for the checkpoint. */
    RecoveryCheckpoint.Point offsetsRecoveryPoint() {
        return RecoveryCheckpoint.untied(groups.recoveryPoint());
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

    void registerGroupApis(RequestDispatcher dispatcher, java.util.function.Predicate<String> coordinates) {
        new GroupHandler(groups, coordinates).register(dispatcher::register);
    }

    @Override
    public void close() {
        groups.close();
    }
}

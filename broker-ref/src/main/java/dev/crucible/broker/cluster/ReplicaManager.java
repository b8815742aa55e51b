package dev.crucible.broker.cluster;

import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.config.TopicConfigKey;
import dev.crucible.broker.log.Partition;
import dev.crucible.broker.log.RecoveryCheckpoint;
import dev.crucible.broker.log.Topic;
import dev.crucible.broker.log.Topics;
import dev.crucible.broker.metadata.Command;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.MetadataQuorum;
import dev.crucible.broker.metadata.PartitionState;
import dev.crucible.broker.metadata.TopicImage;
import dev.crucible.broker.replication.ReplicaEligibility;
import dev.crucible.broker.replication.ReplicationSettings;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The replicas this broker holds, by partition (Kafka's ReplicaManager, reduced): it makes each one
 * lead or follow as the metadata image says, runs the leaders' periodic work (lagging followers out
 * of the in-sync set, expired acks), sends their in-sync set changes to the controller, and tells the
 * replica fetchers which partitions follow which broker.
 */
public final class ReplicaManager implements AutoCloseable {
    /** Told after each image which local replicas follow which broker. */
    @FunctionalInterface
    public interface FollowerListener {
        void following(Map<Integer, List<ReplicatedPartition>> byLeader);
    }

    private record Key(Uuid topicId, int index) { }

    /** Kafka's name of the file holding every replica's high watermark. */
    public static final String HIGH_WATERMARKS = "replication-offset-checkpoint";
    private static final long CHECKPOINT_EVERY_MS = 5_000;

    private final int nodeId;
    private final Path dataDir;
    private final Map<String, RecoveryCheckpoint.Point> savedHighWatermarks;
    private long lastCheckpointMs;
    private final ReplicationSettings settings;
    private final MetadataQuorum quorum;
    private final LongSupplier brokerEpoch;
    private final Map<Key, ReplicatedPartition> replicas = new ConcurrentHashMap<>();
    private final List<FollowerListener> listeners = new CopyOnWriteArrayList<>();
    private volatile MetadataImage image = MetadataImage.EMPTY;

    /**
     * @param dataDir where the replicas' high watermarks are checkpointed (Kafka's
     *                {@code replication-offset-checkpoint}, every 5 s and at close), or null to keep none
     */
    public ReplicaManager(int nodeId, Path dataDir, ReplicationSettings settings, MetadataQuorum quorum, LongSupplier brokerEpoch,
                          ScheduledExecutorService timers) {
        this.nodeId = nodeId;
        this.dataDir = dataDir;
        this.savedHighWatermarks = dataDir == null ? Map.of() : RecoveryCheckpoint.read(dataDir, HIGH_WATERMARKS);
        this.settings = settings;
        this.quorum = quorum;
        this.brokerEpoch = brokerEpoch;
        long period = Math.max(50, Math.min(500, settings.lagTimeMaxMs() / 4));
        timers.scheduleWithFixedDelay(this::tick, period, period, TimeUnit.MILLISECONDS);
    }

    public ReplicationSettings settings() {
        return settings;
    }

    public int nodeId() {
        return nodeId;
    }

    /** The latest image the replicas follow. */
    public MetadataImage image() {
        return image;
    }

    public void addListener(FollowerListener listener) {
        listeners.add(listener);
    }

    /** The local replica of a partition, or null when this broker holds none. */
    public ReplicatedPartition get(Uuid topicId, int index) {
        return replicas.get(new Key(topicId, index));
    }

    /** The local replica of a partition by topic name, or null. */
    public ReplicatedPartition get(String topic, int index) {
        TopicImage t = image.topic(topic);
        return t == null ? null : get(t.id(), index);
    }

    /** Who may join an in-sync set, by the latest image. */
    public ReplicaEligibility eligibility() {
        return ReplicaEligibility.of(image);
    }

    /**
     * Makes every local replica lead or follow as {@code next} says (called by the publisher once the
     * logs follow the image), forgets replicas of partitions no longer held, and tells the fetchers.
     */
    void apply(MetadataImage next, Topics topics) {
        image = next;
        long now = System.currentTimeMillis();
        Set<Key> seen = new HashSet<>();
        for (TopicImage t : next.allTopics()) {
            Topic local = topics.get(t.name());
            if (local == null || !local.id().equals(t.id())) {
                continue;
            }
            int minInsync = Integer.parseInt(local.config().get(TopicConfigKey.MIN_INSYNC_REPLICAS));
            for (int i = 0; i < t.partitions().size(); i++) {
                PartitionState state = t.partitions().get(i);
                Partition partition = local.partition(i);
                if (partition == null || !state.replicas().contains(nodeId)) {
                    continue;
                }
                Key key = new Key(t.id(), i);
                seen.add(key);
                ReplicatedPartition replica = replicas.get(key);
                if (replica == null || replica.partition() != partition) {
                    if (replica != null) {
                        replica.close();
                    }
                    replica = new ReplicatedPartition(nodeId, t.id(), partition, settings, this::submitAlter);
                    // opened, the log's high watermark is its end; a replica may count only what was known
                    // committed when it stopped (nothing, without a checkpoint), or it could lead with records
                    // no other replica has as readable
                    partition.highWatermark(RecoveryCheckpoint.pointOf(savedHighWatermarks, t.name() + "-" + i, t.id().toString()));
                    replicas.put(key, replica);
                }
                replica.apply(state, minInsync, now);
            }
        }
        for (Map.Entry<Key, ReplicatedPartition> e : new ArrayList<>(replicas.entrySet())) {
            if (!seen.contains(e.getKey())) {
                e.getValue().close();
                replicas.remove(e.getKey());
            }
        }
        Map<Integer, List<ReplicatedPartition>> byLeader = following();
        for (FollowerListener l : listeners) {
            l.following(byLeader);
        }
    }

    /** The local replicas that follow some broker, by that broker. */
    public Map<Integer, List<ReplicatedPartition>> following() {
        Map<Integer, List<ReplicatedPartition>> byLeader = new HashMap<>();
        for (ReplicatedPartition r : replicas.values()) {
            int leader = r.followedLeader();
            if (leader >= 0 && leader != nodeId) {
                byLeader.computeIfAbsent(leader, k -> new ArrayList<>()).add(r);
            }
        }
        return byLeader;
    }

    /** Saves every replica's high watermark (atomically replaced, forced). */
    void checkpointHighWatermarks() {
        if (dataDir == null) {
            return;
        }
        Map<String, RecoveryCheckpoint.Point> points = new HashMap<>();
        for (ReplicatedPartition r : replicas.values()) {
            Partition p = r.partition();
            points.put(p.topic() + "-" + p.index(), new RecoveryCheckpoint.Point(p.highWatermark(), r.topicId().toString()));
        }
        try {
            RecoveryCheckpoint.write(dataDir, HIGH_WATERMARKS, points);
        } catch (IOException e) {
            BrokerLog.warn("could not save the replicas' high watermarks: " + e.getMessage());
        }
    }

    private void tick() {
        long now = System.currentTimeMillis();
        if (now - lastCheckpointMs >= CHECKPOINT_EVERY_MS) {
            lastCheckpointMs = now;
            checkpointHighWatermarks();
        }
        for (ReplicatedPartition r : replicas.values()) {
            try {
                r.tick(now);
            } catch (RuntimeException e) {
                BrokerLog.warn("replica " + r + " periodic work failed: " + e);
            }
        }
    }

    private void submitAlter(ReplicatedPartition replica, int leaderEpoch, int partitionEpoch, List<Integer> isr) {
        Command.AlterPartition command = new Command.AlterPartition(replica.topicId(), replica.partition().index(), nodeId,
            brokerEpoch.getAsLong(), leaderEpoch, partitionEpoch, isr);
        quorum.submit(command).whenComplete((outcome, failure) -> {
            if (failure != null) {
                return; // no answer: the leader asks again on a later tick
            }
            replica.alterAnswered(leaderEpoch, isr, outcome.error(), outcome.isOk() ? (int) outcome.value() : -1);
        });
    }

    @Override
    public void close() {
        checkpointHighWatermarks();
        for (ReplicatedPartition r : replicas.values()) {
            r.close();
        }
        replicas.clear();
    }
}

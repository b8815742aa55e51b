package dev.crucible.broker.cluster;

import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.group.Coordinators;
import dev.crucible.broker.group.GroupConfig;
import dev.crucible.broker.group.GroupCoordinator;
import dev.crucible.broker.metadata.TopicImage;
import org.agrona.concurrent.EpochClock;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The group coordinators of one broker in a cluster: one per partition of the offsets topic
 * ({@link OffsetsTopic}) that this broker leads. When it becomes a partition's leader it loads that
 * partition's committed offsets from its log (on its own thread; until then the partition's groups get
 * NOT_COORDINATOR and clients retry), then serves its groups, writing commits to the partition as
 * acks=all appends; when it stops leading, the coordinator is closed (waiting members are told to find
 * the coordinator again) and the new leader loads the same offsets from its replica. So a group
 * survives the death of its coordinator with every commit that was acknowledged.
 */
public final class ClusterGroups implements Coordinators, AutoCloseable {
    /** A partition's coordinator: loading while {@code coordinator} is null. */
    private record Loaded(ReplicatedPartition replica, int epoch, GroupCoordinator coordinator) { }

    private static final long RETRY_MS = 1_000;

    private final ReplicaManager replicas;
    private final GroupConfig config;
    private final EpochClock clock;
    private final ScheduledExecutorService timers;
    private final ExecutorService loader;
    private final Map<Integer, Loaded> byPartition = new ConcurrentHashMap<>();
    private boolean closed;

    public ClusterGroups(ReplicaManager replicas, GroupConfig config, EpochClock clock, ScheduledExecutorService timers) {
        this.replicas = replicas;
        this.config = config;
        this.clock = clock;
        this.timers = timers;
        this.loader = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "crucible-group-loader");
            t.setDaemon(true);
            return t;
        });
        replicas.addListener(byLeader -> refresh());
        refresh();
    }

    @Override
    public GroupCoordinator of(String groupId) {
        TopicImage topic = replicas.image().topic(OffsetsTopic.NAME);
        if (topic == null || topic.partitions().isEmpty()) {
            return null;
        }
        Loaded loaded = byPartition.get(OffsetsTopic.partitionFor(groupId, topic.partitions().size()));
        return loaded == null ? null : loaded.coordinator();
    }

    @Override
    public List<GroupCoordinator> all() {
        List<GroupCoordinator> all = new ArrayList<>();
        for (Loaded loaded : byPartition.values()) {
            if (loaded.coordinator() != null) {
                all.add(loaded.coordinator());
            }
        }
        return all;
    }

    /** The offsets partitions this broker coordinates now (loaded), for logs and tests. */
    public List<Integer> loadedPartitions() {
        List<Integer> loaded = new ArrayList<>();
        byPartition.forEach((p, l) -> {
            if (l.coordinator() != null) {
                loaded.add(p);
            }
        });
        loaded.sort(null);
        return loaded;
    }

    /** Follows the replicas' roles: loads newly led offsets partitions, closes those no longer led. */
    synchronized void refresh() {
        if (closed) {
            return;
        }
        TopicImage topic = replicas.image().topic(OffsetsTopic.NAME);
        int partitions = topic == null ? 0 : topic.partitions().size();
        for (int p = 0; p < partitions; p++) {
            ReplicatedPartition replica = replicas.get(topic.id(), p);
            int epoch = replica == null ? -1 : replica.leaderEpoch();
            Loaded current = byPartition.get(p);
            if (current != null && current.replica() == replica && current.epoch() == epoch) {
                continue;
            }
            if (current != null) {
                unload(p, current);
            }
            if (epoch >= 0) {
                Loaded loading = new Loaded(replica, epoch, null);
                byPartition.put(p, loading);
                int partition = p;
                loader.execute(() -> load(partition, loading));
            }
        }
        for (Map.Entry<Integer, Loaded> e : new ArrayList<>(byPartition.entrySet())) {
            if (e.getKey() >= partitions) {
                unload(e.getKey(), e.getValue());
            }
        }
    }

    private void load(int partition, Loaded loading) {
        long start = System.nanoTime();
        GroupCoordinator coordinator;
        try {
            coordinator = GroupCoordinator.open(config, new ReplicatedOffsetStore(loading.replica()), clock, timers);
        } catch (IOException | RuntimeException e) {
            BrokerLog.warn("offsets partition " + partition + " could not be loaded (retrying): " + e);
            synchronized (this) {
                byPartition.remove(partition, loading);
            }
            timers.schedule(this::refresh, RETRY_MS, TimeUnit.MILLISECONDS);
            return;
        }
        synchronized (this) {
            if (closed || byPartition.get(partition) != loading || loading.replica().leaderEpoch() != loading.epoch()) {
                coordinator.close(); // led elsewhere meanwhile: the next refresh decides
                return;
            }
            byPartition.put(partition, new Loaded(loading.replica(), loading.epoch(), coordinator));
        }
        BrokerLog.info("coordinating the groups of " + OffsetsTopic.NAME + "-" + partition + " at leader epoch " + loading.epoch()
            + " (offsets loaded in " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms)");
    }

    private void unload(int partition, Loaded loaded) {
        byPartition.remove(partition, loaded);
        if (loaded.coordinator() != null) {
            loaded.coordinator().close();
            BrokerLog.info("no longer coordinating the groups of " + OffsetsTopic.NAME + "-" + partition);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            for (Map.Entry<Integer, Loaded> e : new ArrayList<>(byPartition.entrySet())) {
                unload(e.getKey(), e.getValue());
            }
        }
        loader.shutdownNow();
    }
}

package dev.crucible.broker.cluster;

import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.config.TopicConfigKey;
import dev.crucible.broker.log.Topic;
import dev.crucible.broker.log.Topics;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.TopicImage;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Makes this broker's logs follow the metadata image (KRaft's broker metadata publisher): partitions
 * placed here are created, topics the cluster no longer has (or has under another id) are deleted,
 * and each local partition takes the leader epoch of the image. It waits until the image includes
 * this process's registration, so a broker that starts behind never deletes what it has not yet
 * heard of. Runs on the quorum's publisher thread; a failure is retried on the next image or after a
 * second.
 */
public final class ReplicaPublisher implements Consumer<MetadataImage> {
    private final int nodeId;
    private final Topics topics;
    private final BrokerLifecycle lifecycle;
    private final ScheduledExecutorService timer;
    private final Supplier<MetadataImage> latest;
    private final ReplicaManager replicas;
    private final CompletableFuture<Void> caughtUp = new CompletableFuture<>();
    private boolean retryQueued;

    /** @param replicas the local replicas to make lead or follow as each image says */
    public ReplicaPublisher(int nodeId, Topics topics, BrokerLifecycle lifecycle, ScheduledExecutorService timer,
                            Supplier<MetadataImage> latest, ReplicaManager replicas) {
        this.replicas = replicas;
        this.nodeId = nodeId;
        this.topics = topics;
        this.lifecycle = lifecycle;
        this.timer = timer;
        this.latest = latest;
    }

    /** Completes once the local logs follow an image in which this broker is registered and unfenced. */
    public CompletableFuture<Void> caughtUp() {
        return caughtUp;
    }

    @Override
    public synchronized void accept(MetadataImage image) {
        long epoch = lifecycle.epoch();
        if (epoch < 0 || image.appliedIndex() < epoch) {
            return; // not registered yet, or this node's image is still behind its own registration
        }
        boolean failed = false;
        for (TopicImage t : image.allTopics()) {
            SortedSet<Integer> hosted = new TreeSet<>();
            for (int i = 0; i < t.partitions().size(); i++) {
                if (t.partitions().get(i).replicas().contains(nodeId)) {
                    hosted.add(i);
                }
            }
            if (hosted.isEmpty()) {
                continue;
            }
            try {
                topics.host(t.name(), t.id(), t.partitions().size(), hosted, logConfigs(t));
            } catch (IOException | RuntimeException e) {
                failed = true;
                BrokerLog.warn("could not hold topic " + t.name() + "'s partitions " + hosted + " here: " + e.getMessage());
            }
        }
        for (Topic local : new ArrayList<>(topics.all())) {
            TopicImage t = image.topic(local.name());
            if (t == null || !t.id().equals(local.id())) {
                try {
                    topics.delete(local.name());
                } catch (IOException | RuntimeException e) {
                    failed = true;
                    BrokerLog.warn("could not delete topic " + local.name() + " here: " + e.getMessage());
                }
            }
        }
        try {
            replicas.apply(image, topics); // each replica leads (its epoch begun in the log) or follows
        } catch (RuntimeException e) {
            failed = true;
            BrokerLog.warn("could not make the local replicas follow the image: " + e);
        }
        if (failed) {
            retryLater();
        } else if (lifecycle.activeIn(image)) {
            caughtUp.complete(null);
        }
    }

    /**
     * The topic's configs as this broker's logs use them: under {@code replication.fsync=true} every
     * replica forces each group before it is acknowledged or counted ({@code flush.policy=always}), so
     * an offset a replica reports is on its disk.
     */
    private Map<String, String> logConfigs(TopicImage t) {
        if (!replicas.settings().fsync()) {
            return t.configs();
        }
        Map<String, String> configs = new HashMap<>(t.configs());
        configs.put(TopicConfigKey.FLUSH_POLICY.topicKey(), "always");
        return configs;
    }

    private void retryLater() {
        if (retryQueued) {
            return;
        }
        retryQueued = true;
        timer.schedule(() -> {
            synchronized (this) {
                retryQueued = false;
            }
            accept(latest.get());
        }, 1, TimeUnit.SECONDS);
    }
}

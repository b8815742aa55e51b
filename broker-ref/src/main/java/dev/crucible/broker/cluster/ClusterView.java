package dev.crucible.broker.cluster;

import dev.crucible.broker.log.Partition;
import dev.crucible.broker.log.Topic;
import dev.crucible.broker.log.Topics;
import dev.crucible.broker.metadata.BrokerRegistration;
import dev.crucible.broker.metadata.Command;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.MetadataQuorum;
import dev.crucible.broker.metadata.Outcome;
import dev.crucible.broker.metadata.PartitionState;
import dev.crucible.broker.metadata.TopicImage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The cluster as the request handlers of one broker see it: the latest metadata image, who leads
 * what, where each broker is, which broker coordinates a group, and the quorum to submit changes to.
 * Every broker answers from its own image and routes nothing itself.
 */
public final class ClusterView {
    private final int nodeId;
    private final String clientListener;
    private final MetadataQuorum quorum;
    private final Topics topics;
    private volatile ReplicaManager replicas;

    public ClusterView(int nodeId, String clientListener, MetadataQuorum quorum, Topics topics) {
        this.nodeId = nodeId;
        this.clientListener = clientListener;
        this.quorum = quorum;
        this.topics = topics;
    }

    /** The replicas this broker holds (null until replication is started). */
    public ReplicaManager replicas() {
        return replicas;
    }

    /** Set once at start, before clients are served. */
    public void replicas(ReplicaManager value) {
        this.replicas = value;
    }

    public int nodeId() {
        return nodeId;
    }

    public MetadataImage image() {
        return quorum.image();
    }

    public CompletableFuture<Outcome> submit(Command command) {
        return quorum.submit(command);
    }

    /**
     * The endpoint of a registered broker on {@code listener} (null: the primary client listener), or null
     * when the broker is not registered; a broker without that listener gives its first endpoint.
     */
    public Endpoint endpoint(MetadataImage image, int brokerId, String listener) {
        BrokerRegistration b = image.broker(brokerId);
        return b == null ? null : b.endpoint(listener == null ? clientListener : listener);
    }

    /** Registered, unfenced brokers: those Metadata and DescribeCluster list. */
    public List<BrokerRegistration> liveBrokers(MetadataImage image) {
        List<BrokerRegistration> live = new ArrayList<>();
        for (BrokerRegistration b : image.brokers().values()) {
            if (!b.fenced()) {
                live.add(b);
            }
        }
        return live;
    }

    /** The broker Metadata names as controller: the active controller if clients can reach it as a broker, else this one. */
    public int controllerId() {
        int active = quorum.activeController();
        return active >= 0 && image().isActive(active) ? active : nodeId;
    }

    /** The topic in the image, by name or (when the name is null or empty) by id. */
    public TopicImage topic(MetadataImage image, String name, Uuid id) {
        return name != null && !name.isEmpty() ? image.topic(name) : image.topic(id);
    }

    /**
     * Whether this broker serves the partition now: NONE when it leads it and holds its log;
     * NOT_LEADER_OR_FOLLOWER when another broker leads it, none does, or its log is not here yet;
     * UNKNOWN_TOPIC_OR_PARTITION / UNKNOWN_TOPIC_ID when the cluster has no such partition.
     */
    public Errors servable(String name, Uuid id, int partition) {
        MetadataImage image = image();
        TopicImage topic = topic(image, name, id);
        if (topic == null) {
            return name != null && !name.isEmpty() ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.UNKNOWN_TOPIC_ID;
        }
        PartitionState p = topic.partition(partition);
        if (p == null) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        }
        if (p.leader() != nodeId) {
            return Errors.NOT_LEADER_OR_FOLLOWER;
        }
        Topic local = topics.get(topic.name());
        Partition here = local == null || !local.id().equals(topic.id()) ? null : local.partition(partition);
        return here == null ? Errors.NOT_LEADER_OR_FOLLOWER : Errors.NONE;
    }

    /** The partition's state in the image, or null. */
    public PartitionState partition(String name, Uuid id, int partition) {
        MetadataImage image = image();
        TopicImage topic = topic(image, name, id);
        return topic == null ? null : topic.partition(partition);
    }

    /**
     * The broker that coordinates a group: the leader of the group's partition of the offsets topic
     * ({@link OffsetsTopic}); -1 while that topic does not exist or the partition has no leader.
     */
    public int coordinatorFor(String key) {
        TopicImage offsets = image().topic(OffsetsTopic.NAME);
        if (offsets == null || offsets.partitions().isEmpty()) {
            return PartitionState.NO_LEADER;
        }
        return offsets.partition(OffsetsTopic.partitionFor(key, offsets.partitions().size())).leader();
    }
}

package dev.crucible.broker.api;

import dev.crucible.broker.cluster.ClusterView;
import dev.crucible.broker.cluster.OffsetsTopic;
import dev.crucible.broker.cluster.Placement;
import dev.crucible.broker.log.Topics;
import dev.crucible.broker.metadata.BrokerRegistration;
import dev.crucible.broker.metadata.Command;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.PartitionState;
import dev.crucible.broker.metadata.TopicImage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata in a cluster, from this broker's image: every live broker, and for each topic its
 * partitions' leaders, leader epochs, replicas, ISR and offline replicas (fenced ones). A partition
 * without a leader says LEADER_NOT_AVAILABLE. Auto-creation goes through the quorum like CreateTopics;
 * the answer waits for it (asynchronously) and a topic not yet applied says LEADER_NOT_AVAILABLE, which
 * clients retry.
 */
final class ClusterMetadata {
    private final BrokerContext broker;
    private final ClusterView cluster;

    ClusterMetadata(BrokerContext broker) {
        this.broker = broker;
        this.cluster = broker.cluster();
    }

    CompletableFuture<ApiMessage> handle(RequestContext context, MetadataRequestData request, boolean all, boolean autoCreate) {
        MetadataImage image = cluster.image();
        List<CompletableFuture<?>> creating = new ArrayList<>();
        Map<Integer, Integer> added = new java.util.HashMap<>();
        if (!all && autoCreate) {
            for (MetadataRequestData.MetadataRequestTopic t : request.topics()) {
                if (t.name() != null && image.topic(t.name()) == null && Topics.invalidNameReason(t.name()) == null) {
                    int rf = Math.min(broker.config().replication().defaultReplicationFactor(), Placement.liveBrokers(image));
                    List<List<Integer>> placed = Placement.assign(image, t.name(), 0, broker.config().numPartitions(), rf);
                    if (!placed.isEmpty() && ClusterTopicAdmin.roomFor(broker, image, placed, added) == null) {
                        creating.add(cluster.submit(new Command.CreateTopic(t.name(), Uuid.randomUuid(), Map.of(), placed))
                            .exceptionally(e -> null));
                    }
                }
            }
        }
        return CompletableFuture.allOf(creating.toArray(new CompletableFuture<?>[0]))
            .thenApply(v -> respond(cluster.image(), request, all, context.listener()));
    }

    /** The answer, each broker at its endpoint of {@code listener} (the one the request came in on). */
    private ApiMessage respond(MetadataImage image, MetadataRequestData request, boolean all, String listener) {
        MetadataResponseData response = new MetadataResponseData()
            .setClusterId(broker.clusterId())
            .setControllerId(cluster.controllerId());
        for (BrokerRegistration b : cluster.liveBrokers(image)) {
            Endpoint e = cluster.endpoint(image, b.id(), listener);
            response.brokers().add(new MetadataResponseData.MetadataResponseBroker()
                .setNodeId(b.id()).setHost(e.host()).setPort(e.port()).setRack(b.rack()));
        }
        if (all) {
            for (TopicImage t : image.allTopics()) {
                response.topics().add(describe(image, t));
            }
            return response;
        }
        for (MetadataRequestData.MetadataRequestTopic wanted : request.topics()) {
            TopicImage t = wanted.name() != null ? image.topic(wanted.name()) : image.topic(wanted.topicId());
            if (t != null) {
                response.topics().add(describe(image, t));
            } else if (wanted.name() == null) {
                response.topics().add(error(null, wanted.topicId(), Errors.UNKNOWN_TOPIC_ID));
            } else if (Topics.invalidNameReason(wanted.name()) != null) {
                response.topics().add(error(wanted.name(), Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION));
            } else {
                response.topics().add(error(wanted.name(), Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION));
            }
        }
        return response;
    }

    private static MetadataResponseTopic error(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic().setName(name).setTopicId(id).setErrorCode(error.code());
    }

    private static MetadataResponseTopic describe(MetadataImage image, TopicImage topic) {
        List<MetadataResponsePartition> partitions = new ArrayList<>(topic.partitions().size());
        for (int i = 0; i < topic.partitions().size(); i++) {
            PartitionState p = topic.partitions().get(i);
            List<Integer> offline = new ArrayList<>();
            for (int r : p.replicas()) {
                if (!image.isActive(r)) {
                    offline.add(r);
                }
            }
            partitions.add(new MetadataResponsePartition()
                .setPartitionIndex(i)
                .setErrorCode(p.hasLeader() ? Errors.NONE.code() : Errors.LEADER_NOT_AVAILABLE.code())
                .setLeaderId(p.leader())
                .setLeaderEpoch(p.leaderEpoch())
                .setReplicaNodes(p.replicas())
                .setIsrNodes(p.isr())
                .setOfflineReplicas(offline));
        }
        return new MetadataResponseTopic()
            .setName(topic.name())
            .setTopicId(topic.id())
            .setIsInternal(OffsetsTopic.is(topic.name()))
            .setPartitions(partitions);
    }
}

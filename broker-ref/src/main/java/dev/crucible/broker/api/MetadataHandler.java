package dev.crucible.broker.api;

import dev.crucible.broker.log.Partition;
import dev.crucible.broker.log.Topic;
import dev.crucible.broker.log.TopicException;
import dev.crucible.broker.log.Topics;
import dev.crucible.broker.metadata.Endpoint;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Metadata: this one broker, and for each topic asked for (or all) its id and partitions, all led by
 * this node at epoch 0. Unknown topics are created when the request (v4+) and the broker allow it, as
 * Kafka's auto-creation does; creation runs on the admin executor, never on the network thread.
 */
final class MetadataHandler implements RequestHandler {
    private final BrokerContext broker;

    MetadataHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, Object message) {
        MetadataRequestData request = (MetadataRequestData) message;
        boolean all = request.topics() == null || (context.version() == 0 && request.topics().isEmpty());
        boolean autoCreate = broker.config().autoCreateTopics() && (context.version() < 4 || request.allowAutoTopicCreation());
        if (broker.cluster() != null) {
            return new ClusterMetadata(broker).handle(context, request, all, autoCreate);
        }
        if (!all && autoCreate && anyMissing(request)) {
            return CompletableFuture.supplyAsync(() -> respond(context, request, false, true), broker.adminExecutor());
        }
        return CompletableFuture.completedFuture(respond(context, request, all, false));
    }

    private boolean anyMissing(MetadataRequestData request) {
        for (MetadataRequestData.MetadataRequestTopic t : request.topics()) {
            if (t.name() != null && broker.topics().get(t.name()) == null && Topics.invalidNameReason(t.name()) == null) {
                return true;
            }
        }
        return false;
    }

    private ApiMessage respond(RequestContext context, MetadataRequestData request, boolean all, boolean create) {
        MetadataResponseData response = new MetadataResponseData()
            .setClusterId(broker.clusterId())
            .setControllerId(broker.nodeId());
        Endpoint self = broker.advertised(context.listener());
        response.brokers().add(new MetadataResponseBroker()
            .setNodeId(broker.nodeId())
            .setHost(self.host())
            .setPort(self.port()));
        if (all) {
            for (Topic topic : broker.topics().all()) {
                response.topics().add(describe(topic));
            }
            return response;
        }
        for (MetadataRequestData.MetadataRequestTopic wanted : request.topics()) {
            response.topics().add(lookup(wanted, create, context.version()));
        }
        return response;
    }

    private MetadataResponseTopic lookup(MetadataRequestData.MetadataRequestTopic wanted, boolean create, short version) {
        String name = wanted.name();
        if (name == null) {
            Topic byId = broker.topics().get(wanted.topicId());
            return byId != null ? describe(byId) : error(null, wanted.topicId(), Errors.UNKNOWN_TOPIC_ID);
        }
        Topic topic = broker.topics().get(name);
        if (topic != null) {
            return describe(topic);
        }
        if (Topics.invalidNameReason(name) != null) {
            return error(name, Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION);
        }
        if (!create) {
            return error(name, Uuid.ZERO_UUID, Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        try {
            return describe(broker.topics().getOrCreate(name, broker.config().numPartitions()));
        } catch (TopicException e) {
            return error(name, Uuid.ZERO_UUID, Errors.INVALID_TOPIC_EXCEPTION);
        } catch (IOException e) {
            return error(name, Uuid.ZERO_UUID, Errors.KAFKA_STORAGE_ERROR);
        }
    }

    private static MetadataResponseTopic error(String name, Uuid id, Errors error) {
        return new MetadataResponseTopic().setName(name).setTopicId(id).setErrorCode(error.code());
    }

    private MetadataResponseTopic describe(Topic topic) {
        List<MetadataResponsePartition> partitions = new ArrayList<>(topic.partitionCount());
        List<Integer> replicas = List.of(broker.nodeId());
        for (Partition p : topic.partitions()) {
            partitions.add(new MetadataResponsePartition()
                .setPartitionIndex(p.index())
                .setLeaderId(broker.nodeId())
                .setLeaderEpoch(Partition.LEADER_EPOCH)
                .setReplicaNodes(replicas)
                .setIsrNodes(replicas)
                .setOfflineReplicas(List.of()));
        }
        return new MetadataResponseTopic()
            .setName(topic.name())
            .setTopicId(topic.id())
            .setIsInternal(false)
            .setPartitions(partitions);
    }
}

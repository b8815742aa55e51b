package dev.crucible.broker.api;

import dev.crucible.broker.cluster.ClusterView;
import dev.crucible.broker.cluster.OffsetsTopic;
import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.config.TopicConfig;
import dev.crucible.broker.config.TopicConfigKey;
import dev.crucible.broker.log.Topic;
import dev.crucible.broker.metadata.BrokerRegistration;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.TopicImage;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeConfigsRequestData;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.FindCoordinatorRequestData;
import org.apache.kafka.common.message.FindCoordinatorResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The questions about the cluster itself: FindCoordinator (this node when alone, the leader of the
 * group's offsets partition in a cluster; transactions are not offered), DescribeCluster, and
 * DescribeConfigs for topics (their effective settings with Kafka's source codes) and for this broker
 * (the topic defaults under their broker keys).
 */
final class ClusterHandler implements RequestHandler {
    static final byte COORDINATOR_GROUP = 0;
    static final byte RESOURCE_TOPIC = 2;
    static final byte RESOURCE_BROKER = 4;
    static final byte TYPE_STRING = 2;
    static final byte TYPE_LONG = 5;
    /** Between two requests to create the offsets topic while it does not exist yet. */
    private static final long CREATE_OFFSETS_EVERY_MS = 1_000;
    private final BrokerContext broker;
    private final java.util.concurrent.atomic.AtomicLong offsetsTopicAskedMs = new java.util.concurrent.atomic.AtomicLong();

    ClusterHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, Object request) {
        ApiMessage response = switch (context.api()) {
            case FIND_COORDINATOR -> findCoordinator(context, (FindCoordinatorRequestData) request);
            case DESCRIBE_CLUSTER -> describeCluster(context.listener());
            case DESCRIBE_CONFIGS -> describeConfigs(context.version(), (DescribeConfigsRequestData) request);
            default -> throw new IllegalArgumentException("not a cluster API: " + context.api());
        };
        return CompletableFuture.completedFuture(response);
    }

    private ApiMessage findCoordinator(RequestContext context, FindCoordinatorRequestData request) {
        short version = context.version();
        FindCoordinatorResponseData response = new FindCoordinatorResponseData();
        boolean groups = request.keyType() == COORDINATOR_GROUP;
        if (version >= 4) {
            for (String key : request.coordinatorKeys()) {
                Coordinator found = coordinator(groups, key, context.listener());
                response.coordinators().add(new FindCoordinatorResponseData.Coordinator().setKey(key)
                    .setErrorCode(found.error().code()).setErrorMessage(found.message())
                    .setNodeId(found.nodeId()).setHost(found.host()).setPort(found.port()));
            }
            return response;
        }
        Coordinator found = coordinator(groups, request.key(), context.listener());
        response.setErrorCode(found.error().code());
        if (version >= 1) {
            response.setErrorMessage(found.message());
        }
        return response.setNodeId(found.nodeId()).setHost(found.host()).setPort(found.port());
    }

    private record Coordinator(Errors error, String message, int nodeId, String host, int port) {
        static Coordinator none(Errors error, String message) {
            return new Coordinator(error, message, -1, "", -1);
        }
    }

    /**
     * This broker when alone; in a cluster the leader of the group's offsets-topic partition, if it is
     * live, at its endpoint of {@code listener}. The first lookup creates the offsets topic (answered
     * COORDINATOR_NOT_AVAILABLE meanwhile: clients retry).
     */
    private Coordinator coordinator(boolean groups, String key, String listener) {
        if (!groups) {
            return Coordinator.none(Errors.UNSUPPORTED_VERSION, "broker-ref does not offer transactions or share groups");
        }
        ClusterView cluster = broker.cluster();
        if (cluster == null) {
            Endpoint self = broker.advertised(listener);
            return new Coordinator(Errors.NONE, null, broker.nodeId(), self.host(), self.port());
        }
        MetadataImage image = cluster.image();
        if (image.topic(OffsetsTopic.NAME) == null) {
            createOffsetsTopic();
            return Coordinator.none(Errors.COORDINATOR_NOT_AVAILABLE, "the offsets topic " + OffsetsTopic.NAME + " is being created");
        }
        int id = cluster.coordinatorFor(key);
        Endpoint e = id < 0 ? null : cluster.endpoint(image, id, listener);
        if (e == null || !image.isActive(id)) {
            return Coordinator.none(Errors.COORDINATOR_NOT_AVAILABLE, "the offsets partition of '" + key + "' has no live leader"
                + (id < 0 ? "" : " (broker " + id + ")"));
        }
        return new Coordinator(Errors.NONE, null, id, e.host(), e.port());
    }

    /** Asks the quorum for the offsets topic, at most once a second from this broker; the outcome only logged. */
    private void createOffsetsTopic() {
        long now = System.currentTimeMillis();
        long last = offsetsTopicAskedMs.get();
        if (now - last < CREATE_OFFSETS_EVERY_MS || !offsetsTopicAskedMs.compareAndSet(last, now)) {
            return;
        }
        new ClusterTopicAdmin(broker).createOffsetsTopic().whenComplete((refusal, failure) -> {
            if (failure != null || refusal != null) {
                BrokerLog.warn("could not create " + OffsetsTopic.NAME + ": " + (failure != null ? failure : refusal));
            }
        });
    }

    private ApiMessage describeCluster(String listener) {
        DescribeClusterResponseData response = new DescribeClusterResponseData()
            .setClusterId(broker.clusterId())
            .setControllerId(broker.cluster() != null ? broker.cluster().controllerId() : broker.nodeId());
        if (broker.cluster() != null) {
            MetadataImage image = broker.cluster().image();
            for (BrokerRegistration b : broker.cluster().liveBrokers(image)) {
                Endpoint e = broker.cluster().endpoint(image, b.id(), listener);
                response.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker()
                    .setBrokerId(b.id()).setHost(e.host()).setPort(e.port()).setRack(b.rack()));
            }
            return response;
        }
        Endpoint self = broker.advertised(listener);
        response.brokers().add(new DescribeClusterResponseData.DescribeClusterBroker()
            .setBrokerId(broker.nodeId())
            .setHost(self.host())
            .setPort(self.port()));
        return response;
    }

    private ApiMessage describeConfigs(short version, DescribeConfigsRequestData request) {
        DescribeConfigsResponseData response = new DescribeConfigsResponseData();
        for (DescribeConfigsRequestData.DescribeConfigsResource resource : request.resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult()
                .setResourceType(resource.resourceType())
                .setResourceName(resource.resourceName());
            response.results().add(result);
            List<String> keys = resource.configurationKeys();
            if (resource.resourceType() == RESOURCE_TOPIC) {
                TopicConfig config = topicConfig(resource.resourceName());
                if (config == null) {
                    result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code())
                        .setErrorMessage("topic '" + resource.resourceName() + "' does not exist");
                    continue;
                }
                for (TopicConfigKey key : TopicConfigKey.values()) {
                    if (keys == null || keys.contains(key.topicKey())) {
                        result.configs().add(entry(version, request, key.topicKey(), config.get(key),
                            ConfigSources.of(config, key), key.doc()));
                    }
                }
            } else if (resource.resourceType() == RESOURCE_BROKER && isThisBroker(resource.resourceName())) {
                TopicConfig defaults = TopicConfig.of(broker.topics().defaults(), Map.of());
                for (TopicConfigKey key : TopicConfigKey.values()) {
                    if (keys == null || keys.contains(key.brokerKey())) {
                        result.configs().add(entry(version, request, key.brokerKey(), defaults.get(key),
                            ConfigSources.of(defaults, key), key.doc()));
                    }
                }
            } else {
                result.setErrorCode(Errors.INVALID_REQUEST.code())
                    .setErrorMessage("unknown resource " + resource.resourceType() + "/" + resource.resourceName());
            }
        }
        return response;
    }

    /** A topic's effective settings: from the cluster metadata in a cluster (the topic may have no partition here). */
    private TopicConfig topicConfig(String name) {
        if (broker.cluster() != null) {
            TopicImage t = broker.cluster().image().topic(name);
            try {
                return t == null ? null : TopicConfig.of(broker.topics().defaults(), t.configs());
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        Topic topic = broker.topics().get(name);
        return topic == null ? null : topic.config();
    }

    private boolean isThisBroker(String name) {
        return name.isEmpty() || name.equals(String.valueOf(broker.nodeId()));
    }

    private static DescribeConfigsResourceResult entry(short version, DescribeConfigsRequestData request, String name,
                                                       String value, byte source, String doc) {
        DescribeConfigsResourceResult r = new DescribeConfigsResourceResult()
            .setName(name)
            .setValue(value)
            .setReadOnly(false)
            .setConfigSource(source)
            .setIsSensitive(false);
        if (version >= 3) {
            r.setConfigType(isNumber(value) ? TYPE_LONG : TYPE_STRING);
            if (request.includeDocumentation()) {
                r.setDocumentation(doc);
            }
        }
        return r;
    }

    private static boolean isNumber(String value) {
        try {
            Long.parseLong(value);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}

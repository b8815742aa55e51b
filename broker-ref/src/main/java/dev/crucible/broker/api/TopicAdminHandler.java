package dev.crucible.broker.api;

import dev.crucible.broker.config.TopicConfig;
import dev.crucible.broker.config.TopicConfigKey;
import dev.crucible.broker.log.Topic;
import dev.crucible.broker.log.TopicException;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * CreateTopics, DeleteTopics and CreatePartitions. Each runs on the admin executor (they write to
 * disk), topic by topic, with Kafka's per-topic error codes; {@code validateOnly} checks without
 * changing anything. Replication factors other than 1 (or -1, "the default") are refused: one node.
 */
final class TopicAdminHandler implements RequestHandler {
    private final BrokerContext broker;

    TopicAdminHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, Object request) {
        if (broker.cluster() != null) {
            ClusterTopicAdmin admin = new ClusterTopicAdmin(broker);
            return switch (context.api()) {
                case CREATE_TOPICS -> admin.createTopics(context.version(), (CreateTopicsRequestData) request);
                case DELETE_TOPICS -> admin.deleteTopics(context.version(), (DeleteTopicsRequestData) request);
                case CREATE_PARTITIONS -> admin.createPartitions((CreatePartitionsRequestData) request);
                default -> throw new IllegalArgumentException("not a topic admin API: " + context.api());
            };
        }
        return CompletableFuture.supplyAsync(() -> switch (context.api()) {
            case CREATE_TOPICS -> createTopics(context.version(), (CreateTopicsRequestData) request);
            case DELETE_TOPICS -> deleteTopics(context.version(), (DeleteTopicsRequestData) request);
            case CREATE_PARTITIONS -> createPartitions((CreatePartitionsRequestData) request);
            default -> throw new IllegalArgumentException("not a topic admin API: " + context.api());
        }, broker.adminExecutor());
    }

    private ApiMessage createTopics(short version, CreateTopicsRequestData request) {
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        for (CreateTopicsRequestData.CreatableTopic wanted : request.topics()) {
            CreateTopicsResponseData.CreatableTopicResult result = new CreateTopicsResponseData.CreatableTopicResult()
                .setName(wanted.name())
                .setNumPartitions(-1)
                .setReplicationFactor((short) -1);
            response.topics().add(result);
            int partitions = wanted.numPartitions() == -1 ? broker.config().numPartitions() : wanted.numPartitions();
            if (!wanted.assignments().isEmpty()) {
                partitions = wanted.assignments().size();
            }
            Map<String, String> configs = new LinkedHashMap<>();
            for (CreateTopicsRequestData.CreatableTopicConfig c : wanted.configs()) {
                configs.put(c.name(), c.value());
            }
            try {
                if (wanted.replicationFactor() != -1 && wanted.replicationFactor() != 1) {
                    fail(result, Errors.INVALID_REPLICATION_FACTOR, "replication factor " + wanted.replicationFactor()
                        + " is larger than the 1 available broker", version);
                    continue;
                }
                TopicConfig config;
                Uuid id = Uuid.ZERO_UUID;
                if (request.validateOnly()) {
                    config = broker.topics().validateCreate(wanted.name(), partitions, configs);
                } else {
                    Topic topic = broker.topics().create(wanted.name(), partitions, configs);
                    config = topic.config();
                    id = topic.id();
                }
                result.setTopicId(id).setNumPartitions(partitions).setReplicationFactor((short) 1);
                if (version >= 5) {
                    result.setConfigs(describe(config));
                }
            } catch (TopicException e) {
                fail(result, errorOf(e), e.getMessage(), version);
            } catch (IOException | RuntimeException e) {
                fail(result, Errors.KAFKA_STORAGE_ERROR, String.valueOf(e.getMessage()), version);
            }
        }
        return response;
    }

    private static void fail(CreateTopicsResponseData.CreatableTopicResult result, Errors error, String message, short version) {
        result.setErrorCode(error.code());
        if (version >= 1) {
            result.setErrorMessage(message);
        }
    }

    static List<CreateTopicsResponseData.CreatableTopicConfigs> describe(TopicConfig config) {
        List<CreateTopicsResponseData.CreatableTopicConfigs> out = new ArrayList<>();
        for (TopicConfigKey key : TopicConfigKey.values()) {
            out.add(new CreateTopicsResponseData.CreatableTopicConfigs()
                .setName(key.topicKey())
                .setValue(config.get(key))
                .setReadOnly(false)
                .setConfigSource(ConfigSources.of(config, key))
                .setIsSensitive(false));
        }
        return out;
    }

    /** The topics a DeleteTopics names: by name and id from v6, by name (id zero) before. */
    static List<DeleteTopicsRequestData.DeleteTopicState> named(short version, DeleteTopicsRequestData request) {
        if (version >= 6) {
            return request.topics();
        }
        List<DeleteTopicsRequestData.DeleteTopicState> out = new ArrayList<>();
        for (String name : request.topicNames()) {
            out.add(new DeleteTopicsRequestData.DeleteTopicState().setName(name).setTopicId(Uuid.ZERO_UUID));
        }
        return out;
    }

    /**
     * One topic's row of a DeleteTopics answer, named as the request named it or as found; a topic not
     * found ({@code foundName} null) is answered UNKNOWN_TOPIC_OR_PARTITION, or UNKNOWN_TOPIC_ID when named by id.
     */
    static DeleteTopicsResponseData.DeletableTopicResult deleteResult(short version, DeleteTopicsRequestData.DeleteTopicState named,
                                                                      String foundName, Uuid foundId) {
        DeleteTopicsResponseData.DeletableTopicResult result = new DeleteTopicsResponseData.DeletableTopicResult()
            .setName(foundName != null ? foundName : named.name())
            .setTopicId(foundName != null && version >= 6 ? foundId : named.topicId());
        if (foundName == null) {
            result.setErrorCode((named.name() == null ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION).code());
        }
        return result;
    }

    private ApiMessage deleteTopics(short version, DeleteTopicsRequestData request) {
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        for (DeleteTopicsRequestData.DeleteTopicState named : TopicAdminHandler.named(version, request)) {
            Topic topic = named.name() != null ? broker.topics().get(named.name()) : broker.topics().get(named.topicId());
            DeleteTopicsResponseData.DeletableTopicResult result = deleteResult(version, named,
                topic == null ? null : topic.name(), topic == null ? null : topic.id());
            response.responses().add(result);
            if (topic == null) {
                continue;
            }
            try {
                broker.topics().delete(topic.name());
            } catch (TopicException e) {
                result.setErrorCode(errorOf(e).code());
            } catch (IOException | RuntimeException e) {
                result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code());
                if (version >= 5) {
                    result.setErrorMessage(String.valueOf(e.getMessage()));
                }
            }
        }
        return response;
    }

    private ApiMessage createPartitions(CreatePartitionsRequestData request) {
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        for (CreatePartitionsRequestData.CreatePartitionsTopic t : request.topics()) {
            CreatePartitionsResponseData.CreatePartitionsTopicResult result =
                new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName(t.name());
            response.results().add(result);
            try {
                broker.topics().addPartitions(t.name(), t.count(), request.validateOnly());
            } catch (TopicException e) {
                result.setErrorCode(errorOf(e).code()).setErrorMessage(e.getMessage());
            } catch (IOException | RuntimeException e) {
                result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()).setErrorMessage(String.valueOf(e.getMessage()));
            }
        }
        return response;
    }

    static Errors errorOf(TopicException e) {
        return switch (e.kind()) {
            case INVALID_NAME -> Errors.INVALID_TOPIC_EXCEPTION;
            case EXISTS -> Errors.TOPIC_ALREADY_EXISTS;
            case UNKNOWN -> Errors.UNKNOWN_TOPIC_OR_PARTITION;
            case INVALID_PARTITIONS -> Errors.INVALID_PARTITIONS;
            case INVALID_CONFIG -> Errors.INVALID_CONFIG;
            case POLICY -> Errors.POLICY_VIOLATION;
        };
    }
}

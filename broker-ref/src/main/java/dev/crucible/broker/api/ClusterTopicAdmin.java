package dev.crucible.broker.api;

import dev.crucible.broker.cluster.ClusterView;
import dev.crucible.broker.cluster.OffsetsTopic;
import dev.crucible.broker.cluster.Placement;
import dev.crucible.broker.config.ReplicationConfig;
import dev.crucible.broker.config.TopicConfig;
import dev.crucible.broker.config.TopicConfigKey;
import dev.crucible.broker.log.TopicException;
import dev.crucible.broker.log.Topics;
import dev.crucible.broker.metadata.Command;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.Outcome;
import dev.crucible.broker.metadata.TopicImage;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * CreateTopics, DeleteTopics and CreatePartitions in a cluster: checked here (names, configs,
 * replication factor, the per-broker partition limit), placed ({@link Placement}) and submitted to
 * the metadata quorum from whichever broker the client asked (Kafka's forwarding); answered once the
 * quorum has applied them. Every broker then makes its own logs follow. Nothing blocks a thread.
 */
final class ClusterTopicAdmin {
    /** Kafka's {@code offsets.topic.segment.bytes}. */
    private static final int OFFSETS_SEGMENT_BYTES = 100 << 20;
    private final BrokerContext broker;
    private final ClusterView cluster;

    ClusterTopicAdmin(BrokerContext broker) {
        this.broker = broker;
        this.cluster = broker.cluster();
    }

    CompletableFuture<ApiMessage> createTopics(short version, CreateTopicsRequestData request) {
        return create(version, request, false);
    }

    /**
     * Creates the offsets topic ({@link OffsetsTopic}) with {@code offsets.topic.num.partitions} partitions and
     * {@code offsets.topic.replication.factor} replicas (at most the brokers registered: it waits, refused, until
     * that many are live), kept forever (no retention: it is not compacted). Completes with null once created,
     * or with the refusal.
     */
    CompletableFuture<String> createOffsetsTopic() {
        ReplicationConfig settings = broker.config().replication();
        int registered = cluster.image().brokers().size();
        CreateTopicsRequestData.CreatableTopic topic = new CreateTopicsRequestData.CreatableTopic().setName(OffsetsTopic.NAME)
            .setNumPartitions(settings.offsetsTopicPartitions())
            .setReplicationFactor((short) Math.max(1, Math.min(settings.offsetsTopicReplicationFactor(), registered)));
        topic.configs().add(new CreateTopicsRequestData.CreatableTopicConfig().setName(TopicConfigKey.RETENTION_MS.topicKey()).setValue("-1"));
        topic.configs().add(new CreateTopicsRequestData.CreatableTopicConfig().setName(TopicConfigKey.RETENTION_BYTES.topicKey())
            .setValue("-1"));
        topic.configs().add(new CreateTopicsRequestData.CreatableTopicConfig().setName(TopicConfigKey.SEGMENT_BYTES.topicKey())
            .setValue(String.valueOf(OFFSETS_SEGMENT_BYTES)));
        CreateTopicsRequestData request = new CreateTopicsRequestData();
        request.topics().add(topic);
        return create((short) 5, request, true).thenApply(response -> {
            CreateTopicsResponseData.CreatableTopicResult result = ((CreateTopicsResponseData) response).topics().iterator().next();
            return result.errorCode() == Errors.NONE.code() || result.errorCode() == Errors.TOPIC_ALREADY_EXISTS.code() ? null
                : Errors.forCode(result.errorCode()) + ": " + result.errorMessage();
        });
    }

    private CompletableFuture<ApiMessage> create(short version, CreateTopicsRequestData request, boolean internal) {
        CreateTopicsResponseData response = new CreateTopicsResponseData();
        List<Command.CreateTopic> creates = new ArrayList<>();
        List<java.util.function.Consumer<Outcome>> answers = new ArrayList<>();
        MetadataImage image = cluster.image();
        Map<Integer, Integer> added = new HashMap<>();
        for (CreateTopicsRequestData.CreatableTopic wanted : request.topics()) {
            CreateTopicsResponseData.CreatableTopicResult result = new CreateTopicsResponseData.CreatableTopicResult()
                .setName(wanted.name()).setNumPartitions(-1).setReplicationFactor((short) -1);
            response.topics().add(result);
            BiConsumer<Errors, String> fail = (error, message) -> {
                result.setErrorCode(error.code());
                if (version >= 1) {
                    result.setErrorMessage(message);
                }
            };
            Map<String, String> configs = new LinkedHashMap<>();
            for (CreateTopicsRequestData.CreatableTopicConfig c : wanted.configs()) {
                configs.put(c.name(), c.value());
            }
            String invalid = Topics.invalidNameReason(wanted.name());
            if (invalid != null) {
                fail.accept(Errors.INVALID_TOPIC_EXCEPTION, invalid);
                continue;
            }
            if (OffsetsTopic.is(wanted.name()) && !internal) {
                fail.accept(Errors.INVALID_REQUEST, "Creation of internal topic " + OffsetsTopic.NAME
                    + " is prohibited: the brokers create it for the first consumer group.");
                continue;
            }
            if (image.topic(wanted.name()) != null) {
                fail.accept(Errors.TOPIC_ALREADY_EXISTS, "topic '" + wanted.name() + "' already exists");
                continue;
            }
            List<List<Integer>> assignments = assignments(image, wanted, fail);
            if (assignments == null) {
                continue;
            }
            TopicConfig config;
            try {
                config = TopicConfig.of(broker.topics().defaults(), configs);
            } catch (IllegalArgumentException e) {
                fail.accept(Errors.INVALID_CONFIG, e.getMessage());
                continue;
            }
            String policy = checkRoom(image, assignments, added);
            if (policy != null) {
                fail.accept(Errors.POLICY_VIOLATION, policy);
                continue;
            }
            int rf = assignments.get(0).size();
            if (request.validateOnly()) {
                result.setNumPartitions(assignments.size()).setReplicationFactor((short) rf);
                continue;
            }
            Uuid id = Uuid.randomUuid();
            creates.add(new Command.CreateTopic(wanted.name(), id, config.overrides(), assignments));
            answers.add(outcome -> {
                if (!outcome.isOk()) {
                    fail.accept(outcome.error(), outcome.message());
                    return;
                }
                result.setTopicId(id).setNumPartitions(assignments.size()).setReplicationFactor((short) rf);
                if (version >= 5) {
                    result.setConfigs(TopicAdminHandler.describe(config));
                }
            });
        }
        if (creates.isEmpty()) {
            return CompletableFuture.completedFuture(response);
        }
        // one entry for the whole request: one commit however many topics
        return cluster.submit(new Command.CreateTopics(creates)).handle((outcome, error) -> {
            for (int i = 0; i < answers.size(); i++) {
                answers.get(i).accept(error != null ? Outcome.refused(Errors.REQUEST_TIMED_OUT, "the metadata quorum did not answer: " + error)
                    : !outcome.isOk() ? outcome : i < outcome.parts().size() ? outcome.parts().get(i)
                    : Outcome.refused(Errors.UNKNOWN_SERVER_ERROR, "the metadata quorum gave no outcome for this topic"));
            }
            return response;
        });
    }

    /** The replica lists asked for or placed here; null (after {@code fail}) when they cannot be had. */
    private List<List<Integer>> assignments(MetadataImage image, CreateTopicsRequestData.CreatableTopic wanted,
                                            BiConsumer<Errors, String> fail) {
        if (!wanted.assignments().isEmpty()) {
            List<List<Integer>> manual = new ArrayList<>();
            for (CreateTopicsRequestData.CreatableReplicaAssignment a : wanted.assignments()) {
                manual.add(new ArrayList<>(a.brokerIds()));
            }
            String bad = badManualAssignment(image, manual);
            if (bad != null) {
                fail.accept(Errors.INVALID_REPLICA_ASSIGNMENT, bad);
                return null;
            }
            return manual;
        }
        int partitions = wanted.numPartitions() == -1 ? broker.config().numPartitions() : wanted.numPartitions();
        if (partitions < 1 || partitions > Topics.MAX_PARTITIONS_PER_TOPIC) {
            fail.accept(Errors.INVALID_PARTITIONS, "number of partitions must be 1.." + Topics.MAX_PARTITIONS_PER_TOPIC + ", was "
                + partitions);
            return null;
        }
        int rf = wanted.replicationFactor() == -1 ? broker.config().replication().defaultReplicationFactor() : wanted.replicationFactor();
        int live = Placement.liveBrokers(image);
        if (rf < 1 || rf > live) {
            fail.accept(Errors.INVALID_REPLICATION_FACTOR, "Replication factor: " + rf + " larger than available brokers: " + live + ".");
            return null;
        }
        return Placement.assign(image, wanted.name(), 0, partitions, rf);
    }

    /**
     * What is wrong with replica lists given by hand (Kafka's checks): every partition the same number of
     * replicas, at least one, each a distinct registered broker; null when they are fine.
     */
    static String badManualAssignment(MetadataImage image, List<List<Integer>> manual) {
        int size = manual.isEmpty() ? 0 : manual.get(0).size();
        for (int i = 0; i < manual.size(); i++) {
            List<Integer> r = manual.get(i);
            if (r.isEmpty() || r.size() != size) {
                return "partition " + i + " has " + r.size() + " replicas; every partition needs the same number, at least one";
            }
            if (r.stream().distinct().count() != r.size()) {
                return "partition " + i + " names a broker twice: " + r;
            }
            for (int b : r) {
                if (image.broker(b) == null) {
                    return "broker " + b + " is not a registered broker of this cluster";
                }
            }
        }
        return null;
    }

    /** POLICY_VIOLATION text when a broker would hold more than max.broker.partitions, or this process cannot open its share. */
    private String checkRoom(MetadataImage image, List<List<Integer>> assignments, Map<Integer, Integer> added) {
        return roomFor(broker, image, assignments, added);
    }

    /** As checkRoom; {@code added} counts what earlier topics of the same request take, and grows by these when there is room. */
    static String roomFor(BrokerContext broker, MetadataImage image, List<List<Integer>> assignments, Map<Integer, Integer> added) {
        Map<Integer, Integer> more = new HashMap<>();
        for (List<Integer> r : assignments) {
            for (int b : r) {
                more.merge(b, 1, Integer::sum);
            }
        }
        int limit = broker.config().limits().maxBrokerPartitions();
        for (Map.Entry<Integer, Integer> e : more.entrySet()) {
            long total = (long) image.partitionsOn(e.getKey()) + added.getOrDefault(e.getKey(), 0) + e.getValue();
            if (total > limit) {
                return e.getValue() + " more partitions would make " + total + " on broker " + e.getKey() + ", past max.broker.partitions="
                    + limit;
            }
        }
        try {
            broker.topics().checkRoomFor(more.values().stream().mapToInt(Integer::intValue).max().orElse(0));
        } catch (TopicException e) {
            return e.getMessage();
        }
        more.forEach((b, n) -> added.merge(b, n, Integer::sum));
        return null;
    }

    CompletableFuture<ApiMessage> deleteTopics(short version, DeleteTopicsRequestData request) {
        DeleteTopicsResponseData response = new DeleteTopicsResponseData();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        MetadataImage image = cluster.image();
        for (DeleteTopicsRequestData.DeleteTopicState named : TopicAdminHandler.named(version, request)) {
            TopicImage topic = named.name() != null ? image.topic(named.name()) : image.topic(named.topicId());
            DeleteTopicsResponseData.DeletableTopicResult result = TopicAdminHandler.deleteResult(version, named,
                topic == null ? null : topic.name(), topic == null ? null : topic.id());
            response.responses().add(result);
            if (topic == null) {
                continue;
            }
            if (OffsetsTopic.is(topic.name())) {
                result.setErrorCode(Errors.INVALID_REQUEST.code());
                if (version >= 5) {
                    result.setErrorMessage("internal topic " + OffsetsTopic.NAME + " cannot be deleted: it holds the groups' committed offsets");
                }
                continue;
            }
            pending.add(cluster.submit(new Command.DeleteTopic(topic.id())).handle((outcome, error) -> {
                if (error != null || !outcome.isOk()) {
                    result.setErrorCode((error != null ? Errors.REQUEST_TIMED_OUT : outcome.error()).code());
                    if (version >= 5) {
                        result.setErrorMessage(error != null ? "the metadata quorum did not answer: " + error : outcome.message());
                    }
                }
                return null;
            }));
        }
        return CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).thenApply(v -> response);
    }

    CompletableFuture<ApiMessage> createPartitions(CreatePartitionsRequestData request) {
        CreatePartitionsResponseData response = new CreatePartitionsResponseData();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        MetadataImage image = cluster.image();
        Map<Integer, Integer> added = new HashMap<>();
        for (CreatePartitionsRequestData.CreatePartitionsTopic t : request.topics()) {
            CreatePartitionsResponseData.CreatePartitionsTopicResult result =
                new CreatePartitionsResponseData.CreatePartitionsTopicResult().setName(t.name());
            response.results().add(result);
            TopicImage topic = image.topic(t.name());
            if (topic == null) {
                result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()).setErrorMessage("topic '" + t.name() + "' does not exist");
                continue;
            }
            if (OffsetsTopic.is(topic.name())) {
                result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("internal topic " + OffsetsTopic.NAME
                    + " keeps its partition count: a group's partition is chosen by it");
                continue;
            }
            int now = topic.partitions().size();
            if (t.count() <= now || t.count() > Topics.MAX_PARTITIONS_PER_TOPIC) {
                result.setErrorCode(Errors.INVALID_PARTITIONS.code()).setErrorMessage("topic '" + t.name() + "' has " + now
                    + " partitions; the new count must be larger (and at most " + Topics.MAX_PARTITIONS_PER_TOPIC + "), was " + t.count());
                continue;
            }
            List<List<Integer>> assignments;
            if (t.assignments() != null && !t.assignments().isEmpty()) {
                assignments = new ArrayList<>();
                for (CreatePartitionsRequestData.CreatePartitionsAssignment a : t.assignments()) {
                    assignments.add(new ArrayList<>(a.brokerIds()));
                }
            } else {
                assignments = Placement.assign(image, t.name(), now, t.count() - now, topic.partitions().get(0).replicas().size());
            }
            int rf = topic.partitions().get(0).replicas().size();
            String bad = badManualAssignment(image, assignments);
            if (assignments.size() != t.count() - now || bad != null || assignments.stream().anyMatch(r -> r.size() != rf)) {
                result.setErrorCode(Errors.INVALID_REPLICA_ASSIGNMENT.code()).setErrorMessage("need " + (t.count() - now)
                    + " assignments of " + rf + " live brokers each" + (bad == null ? "" : ": " + bad));
                continue;
            }
            String policy = checkRoom(image, assignments, added);
            if (policy != null) {
                result.setErrorCode(Errors.POLICY_VIOLATION.code()).setErrorMessage(policy);
                continue;
            }
            if (request.validateOnly()) {
                continue;
            }
            pending.add(cluster.submit(new Command.CreatePartitions(topic.id(), now, assignments)).handle((outcome, error) -> {
                if (error != null || !outcome.isOk()) {
                    result.setErrorCode((error != null ? Errors.REQUEST_TIMED_OUT : outcome.error()).code())
                        .setErrorMessage(error != null ? "the metadata quorum did not answer: " + error : outcome.message());
                }
                return null;
            }));
        }
        return CompletableFuture.allOf(pending.toArray(new CompletableFuture<?>[0])).thenApply(v -> response);
    }
}

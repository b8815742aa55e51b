package dev.crucible.broker.api;

import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.apache.kafka.common.protocol.ApiKeys;

/** The handlers of every API broker-ref answers, apart from ApiVersions (the protocol layer's) and consumer groups. */
public final class StandardHandlers {
    private StandardHandlers() {
    }

    /** Hands each API and its handler to {@code into}. */
    public static void register(BiConsumer<ApiKeys, RequestHandler> into, BrokerContext broker, LongSupplier producerIds) {
        into.accept(ApiKeys.METADATA, new MetadataHandler(broker));
        into.accept(ApiKeys.PRODUCE, new ProduceHandler(broker));
        into.accept(ApiKeys.FETCH, new FetchHandler(broker));
        into.accept(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(broker));
        into.accept(ApiKeys.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(broker));
        TopicAdminHandler admin = new TopicAdminHandler(broker);
        into.accept(ApiKeys.CREATE_TOPICS, admin);
        into.accept(ApiKeys.DELETE_TOPICS, admin);
        into.accept(ApiKeys.CREATE_PARTITIONS, admin);
        ClusterHandler cluster = new ClusterHandler(broker);
        into.accept(ApiKeys.FIND_COORDINATOR, cluster);
        into.accept(ApiKeys.DESCRIBE_CLUSTER, cluster);
        into.accept(ApiKeys.DESCRIBE_CONFIGS, cluster);
        into.accept(ApiKeys.INIT_PRODUCER_ID, new InitProducerIdHandler(broker, producerIds));
    }
}

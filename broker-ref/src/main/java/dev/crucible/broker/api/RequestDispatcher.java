package dev.crucible.broker.api;

import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Routes each request to the handler of its API. Built once at start; the network threads only read it.
 */
public final class RequestDispatcher {
    private final Map<ApiKeys, RequestHandler> handlers = new EnumMap<>(ApiKeys.class);

    public RequestDispatcher register(ApiKeys api, RequestHandler handler) {
        handlers.put(api, handler);
        return this;
    }

    /** The handlers for every API broker-ref answers, apart from consumer groups and producer ids. */
    public static RequestDispatcher standard(BrokerContext broker, java.util.function.LongSupplier producerIds) {
        RequestDispatcher d = new RequestDispatcher();
        d.register(ApiKeys.API_VERSIONS, (c, r) -> CompletableFuture.completedFuture(
            ApiVersionsTable.response(org.apache.kafka.common.protocol.Errors.NONE)));
        d.register(ApiKeys.METADATA, new MetadataHandler(broker));
        d.register(ApiKeys.PRODUCE, new ProduceHandler(broker));
        d.register(ApiKeys.FETCH, new FetchHandler(broker));
        d.register(ApiKeys.LIST_OFFSETS, new ListOffsetsHandler(broker));
        d.register(ApiKeys.OFFSET_FOR_LEADER_EPOCH, new OffsetForLeaderEpochHandler(broker));
        TopicAdminHandler admin = new TopicAdminHandler(broker);
        d.register(ApiKeys.CREATE_TOPICS, admin);
        d.register(ApiKeys.DELETE_TOPICS, admin);
        d.register(ApiKeys.CREATE_PARTITIONS, admin);
        ClusterHandler cluster = new ClusterHandler(broker);
        d.register(ApiKeys.FIND_COORDINATOR, cluster);
        d.register(ApiKeys.DESCRIBE_CLUSTER, cluster);
        d.register(ApiKeys.DESCRIBE_CONFIGS, cluster);
        d.register(ApiKeys.INIT_PRODUCER_ID, new InitProducerIdHandler(broker, producerIds));
        return d;
    }

    /** Hands the request to its handler; a missing handler is a failed future (the connection closes). */
    public CompletableFuture<ApiMessage> dispatch(RequestContext context, ApiMessage request) {
        RequestHandler handler = handlers.get(context.api());
        if (handler == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no handler for " + context.api()));
        }
        return handler.handle(context, request);
    }
}

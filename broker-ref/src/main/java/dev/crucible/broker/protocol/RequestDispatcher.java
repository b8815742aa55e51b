package dev.crucible.broker.protocol;

import dev.crucible.broker.api.BrokerContext;
import dev.crucible.broker.api.RequestContext;
import dev.crucible.broker.api.RequestHandler;
import dev.crucible.broker.api.StandardHandlers;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

/**
 * Routes each request to the handler of its API. Built once at start; the network threads only read it.
 */
public final class RequestDispatcher {
    private final Map<ApiKeys, RequestHandler> handlers = new EnumMap<>(ApiKeys.class);

    public RequestDispatcher register(ApiKeys api, RequestHandler handler) {
        handlers.put(api, handler);
        return this;
    }

    /**
     * The handlers for every API broker-ref answers, apart from consumer groups: ApiVersions is
     * answered here, from the table; the rest by {@link StandardHandlers}.
     */
    public static RequestDispatcher standard(BrokerContext broker, LongSupplier producerIds) {
        RequestDispatcher d = new RequestDispatcher();
        d.register(ApiKeys.API_VERSIONS, (c, r) -> CompletableFuture.completedFuture(ApiVersionsTable.response(Errors.NONE)));
        StandardHandlers.register(d::register, broker, producerIds);
        return d;
    }

    /** Hands the request to its handler; a missing handler is a failed future (the connection closes). */
    public CompletableFuture<?> dispatch(RequestContext context, Object request) {
        RequestHandler handler = handlers.get(context.api());
        if (handler == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("no handler for " + context.api()));
        }
        return handler.handle(context, request);
    }
}

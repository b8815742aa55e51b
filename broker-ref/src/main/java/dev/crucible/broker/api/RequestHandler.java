package dev.crucible.broker.api;

import java.util.concurrent.CompletableFuture;

/**
 * Answers the requests of one or more APIs. Runs on a network thread, so it must not block: work that
 * waits (an append, a long poll, a rebalance) completes the future later from another thread. A future
 * completed with {@code null} sends no response (a produce with {@code acks=0}).
 *
 * <p>Requests and responses are kafka-clients' generated message classes, except Produce's: the
 * protocol layer's reused {@link ProduceRequest} in, a pooled {@link ProduceResponse} out.
 */
@FunctionalInterface
public interface RequestHandler {
    CompletableFuture<?> handle(RequestContext context, Object request);
}

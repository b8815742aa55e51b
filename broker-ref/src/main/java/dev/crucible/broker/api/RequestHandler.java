package dev.crucible.broker.api;

import org.apache.kafka.common.protocol.ApiMessage;

import java.util.concurrent.CompletableFuture;

/**
 * Answers the requests of one or more APIs. Runs on a network thread, so it must not block: work that
 * waits (an append, a long poll, a rebalance) completes the future later from another thread. A future
 * completed with {@code null} sends no response (a produce with {@code acks=0}).
 */
@FunctionalInterface
public interface RequestHandler {
    CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage request);
}

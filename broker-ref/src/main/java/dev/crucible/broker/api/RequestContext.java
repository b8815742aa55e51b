package dev.crucible.broker.api;

import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.common.protocol.ApiKeys;

/**
 * Who asked and in which version: what a handler needs beyond the request body.
 *
 * @param api           the request's API
 * @param version       its version, which fixes the response's shape
 * @param correlationId echoed in the response header
 * @param clientId      the client's {@code client.id} (may be null)
 * @param clientHost    the peer's address, for group member descriptions
 * @param listener      the name of the listener the request arrived on (answers give out that listener's
 *                      addresses, as Kafka's do); null for the primary one
 * @param loop          the connection's network thread, where work the request waits for (a long poll's re-reads and
 *                      timeout) runs so that its answer needs no further hand-off; null outside a connection
 */
public record RequestContext(ApiKeys api, short version, int correlationId, String clientId, String clientHost, String listener,
                             ScheduledExecutorService loop) {

    /** A request outside a connection (tests, benchmarks). */
    public RequestContext(ApiKeys api, short version, int correlationId, String clientId, String clientHost) {
        this(api, version, correlationId, clientId, clientHost, null, null);
    }
}

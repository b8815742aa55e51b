package dev.crucible.broker.api;

/**
 * KIP-951: a leader's address on the listener the request came in on, sent with Produce (v10+) and
 * Fetch (v16+) answers that name another leader, so the client goes there without asking Metadata.
 *
 * @param rack null when the broker has none
 */
public record NodeEndpoint(int nodeId, String host, int port, String rack) {
}

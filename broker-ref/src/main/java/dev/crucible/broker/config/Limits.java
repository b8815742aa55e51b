package dev.crucible.broker.config;

/**
 * What a client can make the broker hold, with Apache Kafka's key names where Kafka has the limit.
 * Every refusal caused by one of these names the key, so an operator knows what to raise.
 *
 * @param maxBrokerPartitions   partitions this broker may hold in all ({@code max.broker.partitions},
 *                              the name of KIP-578); a CreateTopics or CreatePartitions past it is refused
 *                              before anything is written. The process's open-file and memory-map budgets
 *                              are checked as well (the log package's ResourceBudget)
 * @param maxConnections        client connections at once ({@code max.connections}); more are closed at accept
 * @param maxConnectionsPerIp   connections from one address ({@code max.connections.per.ip})
 * @param connectionsMaxIdleMs  a connection with no request for this long is closed
 *                              ({@code connections.max.idle.ms})
 * @param queuedMaxRequestBytes request bytes read but not yet answered, all connections together
 *                              ({@code queued.max.request.bytes}; -1 = no limit); past it the broker stops
 *                              reading sockets until answers go out
 * @param fetchMaxBytes         largest Fetch response the broker builds, whatever the client asks
 *                              ({@code fetch.max.bytes})
 */
public record Limits(int maxBrokerPartitions, int maxConnections, int maxConnectionsPerIp, long connectionsMaxIdleMs,
                     long queuedMaxRequestBytes, int fetchMaxBytes) {

    /** Defaults: Kafka's, and 10,000 partitions (Kafka has no hard limit; 4,000 a broker is its usual advice). */
    public static final Limits DEFAULT = new Limits(10_000, Integer.MAX_VALUE, Integer.MAX_VALUE, 600_000, -1,
        55 * 1024 * 1024);
}

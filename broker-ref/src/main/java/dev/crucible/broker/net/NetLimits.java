package dev.crucible.broker.net;

/**
 * The network layer's limits (broker keys in parentheses; see the broker's {@code --help}).
 *
 * @param maxFrameBytes        largest request frame ({@code socket.request.max.bytes}); also the most
 *                             request bytes one connection may have unanswered before it is not read
 * @param maxInFlight          requests one connection may have unanswered ({@code queued.max.requests.per.connection})
 * @param maxConnections       connections at once ({@code max.connections})
 * @param maxConnectionsPerIp  connections from one address ({@code max.connections.per.ip})
 * @param idleMs               a connection with nothing unanswered and no traffic this long is closed
 *                             ({@code connections.max.idle.ms}; -1 never)
 * @param queuedMaxBytes       unanswered request bytes over all connections before sockets stop being
 *                             read ({@code queued.max.request.bytes}; -1 no limit)
 */
public record NetLimits(int maxFrameBytes, int maxInFlight, int maxConnections, int maxConnectionsPerIp, long idleMs,
                        long queuedMaxBytes) {
}

package dev.crucible.broker.config;

/**
 * A listener that serves the Kafka protocol: every entry of {@code listeners} but the controller's.
 * Clients and other brokers reach it at its advertised address, which {@code advertised.listeners}
 * gives by the listener's name (by default the listener's own address, an empty or wildcard host
 * becoming {@code localhost}).
 *
 * @param name           the listener's name, upper case as Kafka normalises it (e.g. PLAINTEXT, REPLICATION)
 * @param host           where it binds; empty for every interface
 * @param port           where it binds; 0 for a free port
 * @param advertisedHost the host given out in Metadata, DescribeCluster and FindCoordinator answers
 * @param advertisedPort the port given out; 0 for the port actually bound
 */
public record DataListener(String name, String host, int port, String advertisedHost, int advertisedPort) {
}

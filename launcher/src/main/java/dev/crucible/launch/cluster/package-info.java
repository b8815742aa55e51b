/**
 * Nodes and clusters: the {@link dev.crucible.launch.cluster.Node} contract every launched broker
 * meets (start, kill, pause, resume, stop, its log), processes run from a {@link
 * dev.crucible.launch.cluster.Launch}, broker-ref's nodes, the layout of a broker-ref cluster
 * ({@link dev.crucible.launch.cluster.BrokerRefCluster}: ports, voters, Kafka's keys), and clusters
 * started and stopped as one: every process first, then one wait for all ({@link
 * dev.crucible.launch.cluster.StartWait}), since a cluster node answers only once its quorum is up.
 */
package dev.crucible.launch.cluster;

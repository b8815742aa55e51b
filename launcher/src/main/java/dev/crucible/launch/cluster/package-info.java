/**
 * Nodes and clusters: the {@link dev.crucible.launch.cluster.Node} contract every launched broker
 * meets (start, kill, pause, resume, stop, its log), processes run from a {@link
 * dev.crucible.launch.cluster.Launch}, broker-ref's nodes, and clusters started and stopped as one.
 */
package dev.crucible.launch.cluster;

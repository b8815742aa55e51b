/**
 * Is it answering: a raw ApiVersions ping ({@link dev.crucible.launch.probe.KafkaPing}) any Kafka
 * broker answers, probes' results and timing, and {@link dev.crucible.launch.probe.ClusterProbe},
 * which waits until one broker or a whole cluster serves.
 */
package dev.crucible.launch.probe;

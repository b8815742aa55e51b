/**
 * The load generator: OMB-compatible workloads, open-loop pacing through kafka-clients, HDR
 * recording from intended send times, coordinator and worker agents, and launchers for the brokers
 * a run measures (Apache Kafka peers from Maven Central, broker-ref in a child JVM).
 */
package dev.crucible.load;

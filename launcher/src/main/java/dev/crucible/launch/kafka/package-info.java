/**
 * Apache Kafka peers: any KRaft release (3.3 or later) resolved from Maven Central through Maven,
 * formatted and started as child JVMs (on loopback, or one per network namespace), and stopped with
 * us even when we die by SIGKILL ({@link dev.crucible.launch.process.ParentWatch}).
 */
package dev.crucible.launch.kafka;

/**
 * Launcher for Apache Kafka peers: any KRaft release (3.3 or later) resolved from Maven Central
 * through Maven, formatted and started as child JVMs on loopback, and stopped with us even when we
 * die by SIGKILL ({@link dev.crucible.load.peer.ParentWatch}).
 */
package dev.crucible.load.peer;

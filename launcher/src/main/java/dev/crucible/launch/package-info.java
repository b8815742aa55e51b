/**
 * Launching the brokers a run measures or attacks, and stopping them. The layers, top first (the
 * build's import control keeps them): this package (benchmark targets), {@code kafka} (Apache Kafka
 * peers), {@code probe} (is it answering), {@code cluster} (nodes and clusters), {@code process}
 * (child JVMs, signals, shutdown hooks). Libraries only, no other Crucible module: broker-ref is
 * known as a command line.
 */
package dev.crucible.launch;

/**
 * broker-ref: a single-node Kafka-protocol broker on the zero-copy-io engine. The real clients (Java
 * kafka-clients, librdkafka, kafka-python) talk to it unchanged.
 */
package dev.crucible.broker;

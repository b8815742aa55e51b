/**
 * One handler per Kafka API: request data in, response data out (kafka-clients' generated message
 * classes, never their wire codec), over the partition logs, producer state and consumer groups.
 * Runs on network threads and never blocks: work that waits completes a future later.
 */
package dev.crucible.broker.api;

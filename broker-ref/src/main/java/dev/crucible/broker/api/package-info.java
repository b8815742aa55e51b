/**
 * One handler per Kafka API: request data in, response data out (kafka-clients' generated message
 * classes, never their wire codec; for Produce and Fetch this package's own {@code ProduceRequest},
 * {@code ProduceResponse}, {@code FetchRequest} and {@code FetchResponse}, which the protocol layer
 * decodes and encodes by hand), over the partition logs, producer state and consumer groups.
 * Runs on network threads and never blocks: work that waits completes a future later.
 */
package dev.crucible.broker.api;

/**
 * Helpers that more than one module's tests need, kept in one place instead of copied: deadlines on
 * waits ({@link dev.crucible.testing.Await}) and Kafka record batches built and read by kafka-clients
 * ({@link dev.crucible.testing.KafkaBatches}). A test-scope dependency only; no product code uses it.
 */
package dev.crucible.testing;

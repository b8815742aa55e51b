/**
 * The linearizability checker: history model and formats, models of concurrent objects, the
 * Wing-Gong-Lowe search with Lowe's cache and P-compositionality, the Kafka queue anomaly checker,
 * and counterexample rendering. It knows nothing of brokers.
 */
package dev.crucible.check;

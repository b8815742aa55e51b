/**
 * The Kafka queue anomaly checker: reads a history of Jepsen-shaped Kafka workload operations
 * ({@code send}, {@code poll}, {@code txn} of sends and polls, {@code assign}, {@code subscribe},
 * {@code crash}) and reports the anomalies of Jepsen's Kafka workload under the same names
 * (lost-write, duplicate, poll-skip, ...). Entry point: {@link dev.crucible.check.kafka.QueueChecker}.
 *
 * <p>Not yet covered: the transactional cycle analyses (G0, G1c and their -process / -realtime
 * variants) and precommitted-read; a {@code txn} op is checked as one op holding several sends
 * and polls.
 */
package dev.crucible.check.kafka;

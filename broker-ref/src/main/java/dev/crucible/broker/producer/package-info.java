/**
 * Idempotent producers on the reference broker: producer ids for InitProducerId
 * ({@link dev.crucible.broker.producer.ProducerIdManager}), each partition's producer state
 * ({@link dev.crucible.broker.producer.ProducerStateTable}, rebuilt from the log on start), and the
 * admission that checks epochs and sequence numbers on the log's writer thread
 * ({@link dev.crucible.broker.producer.PartitionAdmission}).
 *
 * <p>The rules are Apache Kafka's (its ProducerStateManager and ProducerAppendInfo), so a Kafka client
 * sees the same answers from this broker as from Kafka: duplicates answered with their original
 * offsets, gaps refused with OUT_OF_ORDER_SEQUENCE_NUMBER, zombies with INVALID_PRODUCER_EPOCH.
 * Transactions are not supported: transactional batches are refused.
 */
package dev.crucible.broker.producer;

package dev.crucible.check.kafka;

/**
 * One message as a send or poll saw it.
 *
 * @param offset the offset in the key's partition, or null when unknown
 * @param value the payload
 */
record OffsetValue(Long offset, Object value) {}

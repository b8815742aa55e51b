package dev.crucible.broker.group;

/** What a committed offset belongs to: a group and one partition of one topic. */
record OffsetKey(String groupId, String topic, int partition) {
}

package dev.crucible.broker.group;

/**
 * One committed position of a group on a partition, as kept in memory and in the offsets log.
 *
 * @param offset            the next offset the group will consume
 * @param leaderEpoch       the partition leader epoch the client saw, or -1
 * @param metadata          the client's string, possibly null
 * @param commitTimestampMs when the coordinator accepted the commit
 */
record CommittedOffset(long offset, int leaderEpoch, String metadata, long commitTimestampMs) {
}

/**
 * Kafka's partition replication, as decisions without I/O: what a leader does with a follower's fetch
 * ({@link dev.crucible.broker.replication.PartitionLeader}: follower progress, the in-sync replicas,
 * the high watermark, acks=all waiting for it), where a follower cuts its log when the leader says
 * their histories diverged ({@link dev.crucible.broker.replication.FollowerTruncation}), and the
 * settings ({@link dev.crucible.broker.replication.ReplicationSettings}). The broker drives these
 * classes from its network and log threads; the deterministic simulation drives the same classes from
 * a seeded scheduler, which is how their rules are proven.
 */
package dev.crucible.broker.replication;

/**
 * The replica fetchers: one thread per leader broker that fetches, over the inter-broker listener and
 * with Kafka's follower fields (ReplicaState with the broker epoch, CurrentLeaderEpoch,
 * LastFetchedEpoch), every partition this broker follows there, appends the leader's batches
 * unchanged, cuts the log where the leader says their histories diverge, and takes the leader's high
 * watermark. A fetch is also the acknowledgement of everything before its offset, so under
 * {@code replication.fsync=true} the next fetch is sent only once the appended batches are forced.
 */
package dev.crucible.broker.fetcher;

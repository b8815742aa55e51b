package dev.crucible.broker.api;

import dev.crucible.broker.cluster.ReplicatedPartition;
import dev.crucible.broker.log.Partition;
import dev.crucible.broker.replication.FetchCheck;
import dev.crucible.broker.log.Topic;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Fetch: resolves the partitions asked for, then hands them to a {@link FetchOperation}, which reads
 * now or waits (long poll) until {@code min.bytes} are there or {@code max.wait.ms} has passed. Fetch
 * sessions are not kept: every request is served in full and answered with session id 0, which makes
 * clients send full requests.
 */
final class FetchHandler implements RequestHandler {
    private final BrokerContext broker;

    FetchHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<FetchResponse> handle(RequestContext context, Object message) {
        FetchRequest request = (FetchRequest) message;
        boolean useIds = context.version() >= 13;
        int replicaId = request.replicaId(); // ReplicaState's from v15, the ReplicaId field's before
        long replicaEpoch = request.replicaEpoch();
        boolean follower = replicaId >= 0 && broker.cluster() != null;
        List<FetchOperation.Target> targets = new ArrayList<>();
        for (int t = 0; t < request.topicCount(); t++) {
            FetchRequest.Topic topicData = request.topic(t);
            Topic topic = useIds ? broker.topics().get(topicData.id()) : broker.topics().get(topicData.name());
            for (int i = 0; i < topicData.partitionCount(); i++) {
                int index = topicData.partition(i);
                int currentLeaderEpoch = topicData.currentLeaderEpoch(i);
                Partition partition = topic == null ? null : topic.partition(index);
                Errors error = broker.leadership(useIds ? null : topicData.name(), topicData.id(), index);
                if (error != Errors.NONE) {
                    partition = null;
                } else if (topic == null) {
                    error = useIds ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (partition == null) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (currentLeaderEpoch > partition.leaderEpoch()) {
                    error = Errors.UNKNOWN_LEADER_EPOCH;
                } else if (currentLeaderEpoch >= 0 && currentLeaderEpoch < partition.leaderEpoch()) {
                    error = Errors.FENCED_LEADER_EPOCH;
                }
                if (follower) {
                    targets.add(followerTarget(topicData, i, topic, partition, error, replicaId, replicaEpoch));
                    continue;
                }
                targets.add(new FetchOperation.Target(topicData.name(), topicData.id(), index, partition,
                    topicData.fetchOffset(i), topicData.partitionMaxBytes(i), error));
            }
        }
        // the broker's fetch.max.bytes caps what any client asks for, as in Kafka
        int maxBytes = Math.min(request.maxBytes(), broker.config().limits().fetchMaxBytes());
        // a long poll re-reads and times out on the connection's own thread: its answer is written there with no hand-off
        ScheduledExecutorService timers = context.loop() != null ? context.loop() : broker.timers();
        FetchOperation operation = new FetchOperation(targets, maxBytes, request.minBytes(), useIds, timers);
        CompletableFuture<FetchResponse> answer = operation.start(request.maxWaitMs());
        if (broker.cluster() != null && context.version() >= 16) {
            return answer.thenApply(m -> LeaderHints.fetch(broker.cluster(), m, context.listener()));
        }
        return answer;
    }

    /**
     * A follower's partition (Kafka's fetch with a replica id): the leader checks its epochs and its
     * history against its own, counts the fetch offset as the follower's acknowledgement, and lets it
     * read to the log end, or answers where their histories diverge.
     */
    private FetchOperation.Target followerTarget(FetchRequest.Topic topicData, int i, Topic topic, Partition partition, Errors error,
                                                 int replicaId, long replicaEpoch) {
        int index = topicData.partition(i);
        long fetchOffset = topicData.fetchOffset(i);
        if (error == Errors.NONE) {
            ReplicatedPartition replica = broker.replica(topic.id(), index);
            if (replica == null) {
                error = Errors.NOT_LEADER_OR_FOLLOWER;
            } else {
                FetchCheck check = replica.followerFetch(replicaId, replicaEpoch, topicData.currentLeaderEpoch(i),
                    topicData.lastFetchedEpoch(i), fetchOffset, broker.cluster().replicas().eligibility(), System.currentTimeMillis());
                if (check instanceof FetchCheck.Diverging diverging) {
                    return new FetchOperation.Target(topicData.name(), topicData.id(), index, partition, fetchOffset,
                        topicData.partitionMaxBytes(i), Errors.NONE, true, diverging);
                }
                if (check instanceof FetchCheck.Refused refused) {
                    error = refused.error();
                }
            }
        }
        // An out-of-range follower gets the leader's high watermark and log start with the error, to cut or skip to.
        boolean withOffsets = error == Errors.NONE || error == Errors.OFFSET_OUT_OF_RANGE;
        return new FetchOperation.Target(topicData.name(), topicData.id(), index, withOffsets ? partition : null,
            fetchOffset, topicData.partitionMaxBytes(i), error, true, null);
    }
}

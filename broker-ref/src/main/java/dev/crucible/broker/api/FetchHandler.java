package dev.crucible.broker.api;

import dev.crucible.broker.cluster.ReplicatedPartition;
import dev.crucible.broker.log.Partition;
import dev.crucible.broker.replication.FetchCheck;
import dev.crucible.broker.log.Topic;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

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
    public CompletableFuture<ApiMessage> handle(RequestContext context, Object message) {
        FetchRequestData request = (FetchRequestData) message;
        boolean useIds = context.version() >= 13;
        int replicaId = context.version() >= 15 ? request.replicaState().replicaId() : request.replicaId();
        long replicaEpoch = context.version() >= 15 ? request.replicaState().replicaEpoch() : -1;
        boolean follower = replicaId >= 0 && broker.cluster() != null;
        List<FetchOperation.Target> targets = new ArrayList<>();
        for (FetchRequestData.FetchTopic topicData : request.topics()) {
            Topic topic = useIds ? broker.topics().get(topicData.topicId()) : broker.topics().get(topicData.topic());
            for (FetchRequestData.FetchPartition p : topicData.partitions()) {
                Partition partition = topic == null ? null : topic.partition(p.partition());
                Errors error = broker.leadership(useIds ? null : topicData.topic(), topicData.topicId(), p.partition());
                if (error != Errors.NONE) {
                    partition = null;
                } else if (topic == null) {
                    error = useIds ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (partition == null) {
                    error = Errors.UNKNOWN_TOPIC_OR_PARTITION;
                } else if (p.currentLeaderEpoch() > partition.leaderEpoch()) {
                    error = Errors.UNKNOWN_LEADER_EPOCH;
                } else if (p.currentLeaderEpoch() >= 0 && p.currentLeaderEpoch() < partition.leaderEpoch()) {
                    error = Errors.FENCED_LEADER_EPOCH;
                }
                if (follower) {
                    targets.add(followerTarget(topicData, p, topic, partition, error, replicaId, replicaEpoch, context.version()));
                    continue;
                }
                targets.add(new FetchOperation.Target(topicData.topic(), topicData.topicId(), p.partition(), partition,
                    p.fetchOffset(), p.partitionMaxBytes(), error));
            }
        }
        // the broker's fetch.max.bytes caps what any client asks for, as in Kafka
        int asked = context.version() >= 3 ? request.maxBytes() : Integer.MAX_VALUE;
        int maxBytes = Math.min(asked, broker.config().limits().fetchMaxBytes());
        FetchOperation operation = new FetchOperation(targets, maxBytes, request.minBytes(), useIds, broker.timers());
        CompletableFuture<ApiMessage> answer = operation.start(request.maxWaitMs());
        if (broker.cluster() != null && context.version() >= 16) {
            return answer.thenApply(m -> LeaderHints.fetch(broker.cluster(), (FetchResponseData) m, context.listener()));
        }
        return answer;
    }

    /**
     * A follower's partition (Kafka's fetch with a replica id): the leader checks its epochs and its
     * history against its own, counts the fetch offset as the follower's acknowledgement, and lets it
     * read to the log end, or answers where their histories diverge.
     */
    private FetchOperation.Target followerTarget(FetchRequestData.FetchTopic topicData, FetchRequestData.FetchPartition p, Topic topic,
                                                 Partition partition, Errors error, int replicaId, long replicaEpoch, short version) {
        if (error == Errors.NONE) {
            ReplicatedPartition replica = broker.replica(topic.id(), p.partition());
            if (replica == null) {
                error = Errors.NOT_LEADER_OR_FOLLOWER;
            } else {
                int lastFetchedEpoch = version >= 12 ? p.lastFetchedEpoch() : -1;
                FetchCheck check = replica.followerFetch(replicaId, replicaEpoch, p.currentLeaderEpoch(), lastFetchedEpoch,
                    p.fetchOffset(), broker.cluster().replicas().eligibility(), System.currentTimeMillis());
                if (check instanceof FetchCheck.Diverging diverging) {
                    return new FetchOperation.Target(topicData.topic(), topicData.topicId(), p.partition(), partition, p.fetchOffset(),
                        p.partitionMaxBytes(), Errors.NONE, true, diverging);
                }
                if (check instanceof FetchCheck.Refused refused) {
                    error = refused.error();
                }
            }
        }
        // An out-of-range follower gets the leader's high watermark and log start with the error, to cut or skip to.
        boolean withOffsets = error == Errors.NONE || error == Errors.OFFSET_OUT_OF_RANGE;
        return new FetchOperation.Target(topicData.topic(), topicData.topicId(), p.partition(), withOffsets ? partition : null,
            p.fetchOffset(), p.partitionMaxBytes(), error, true, null);
    }
}

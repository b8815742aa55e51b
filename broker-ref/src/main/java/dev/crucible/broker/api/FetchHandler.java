package dev.crucible.broker.api;

import dev.crucible.broker.log.Partition;
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
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        FetchRequestData request = (FetchRequestData) message;
        boolean useIds = context.version() >= 13;
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
}

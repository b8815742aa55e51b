package dev.crucible.broker.api;

import dev.crucible.broker.log.Partition;
import dev.crucible.broker.log.Topic;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * OffsetForLeaderEpoch, which consumers use to detect log truncation after a leader change. broker-ref
 * has had one leader epoch, 0, for its whole life: epoch 0 ends at the log end offset; any later
 * epoch is unknown (-1, -1), as Kafka answers for an epoch it never had.
 */
final class OffsetForLeaderEpochHandler implements RequestHandler {
    private final BrokerContext broker;

    OffsetForLeaderEpochHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        OffsetForLeaderEpochRequestData request = (OffsetForLeaderEpochRequestData) message;
        OffsetForLeaderEpochResponseData response = new OffsetForLeaderEpochResponseData();
        for (OffsetForLeaderEpochRequestData.OffsetForLeaderTopic t : request.topics()) {
            Topic topic = broker.topics().get(t.topic());
            OffsetForLeaderTopicResult result = new OffsetForLeaderTopicResult().setTopic(t.topic());
            response.topics().add(result);
            for (OffsetForLeaderEpochRequestData.OffsetForLeaderPartition p : t.partitions()) {
                EpochEndOffset out = new EpochEndOffset().setPartition(p.partition()).setLeaderEpoch(-1).setEndOffset(-1);
                result.partitions().add(out);
                Partition partition = topic == null ? null : topic.partition(p.partition());
                if (partition == null) {
                    out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else if (p.currentLeaderEpoch() > Partition.LEADER_EPOCH) {
                    out.setErrorCode(Errors.UNKNOWN_LEADER_EPOCH.code());
                } else if (p.leaderEpoch() == Partition.LEADER_EPOCH) {
                    out.setLeaderEpoch(Partition.LEADER_EPOCH).setEndOffset(partition.log().logEndOffset());
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}

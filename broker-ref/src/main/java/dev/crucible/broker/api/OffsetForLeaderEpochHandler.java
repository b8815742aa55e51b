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
 * OffsetForLeaderEpoch, which consumers use to detect log truncation after a leader change. A broker
 * alone has one leader epoch, 0, for its whole life, which ends at the log end offset; in a cluster
 * the partition's epoch grows with leader changes and every epoch up to it ends no later than the log
 * end (partitions have one replica: nothing is ever truncated). A later epoch is unknown (-1, -1), as
 * Kafka answers for an epoch it never had.
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
                Errors lead = broker.leadership(t.topic(), null, p.partition());
                if (lead != Errors.NONE) {
                    out.setErrorCode(lead.code());
                } else if (partition == null) {
                    out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else if (p.currentLeaderEpoch() > partition.leaderEpoch()) {
                    out.setErrorCode(Errors.UNKNOWN_LEADER_EPOCH.code());
                } else if (p.currentLeaderEpoch() >= 0 && p.currentLeaderEpoch() < partition.leaderEpoch()) {
                    out.setErrorCode(Errors.FENCED_LEADER_EPOCH.code());
                } else if (p.leaderEpoch() >= 0 && p.leaderEpoch() <= partition.leaderEpoch()) {
                    // without a leader-epoch cache (replication brings one) an epoch's end is bounded by the log end;
                    // a partition with one replica is never truncated, so no consumer is told of a truncation that did not happen
                    out.setLeaderEpoch(p.leaderEpoch()).setEndOffset(partition.log().logEndOffset());
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}

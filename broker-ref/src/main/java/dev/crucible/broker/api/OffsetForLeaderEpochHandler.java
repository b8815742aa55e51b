package dev.crucible.broker.api;

import dev.crucible.broker.log.Partition;
import dev.crucible.broker.log.Topic;
import dev.crucible.io.LeaderEpochCache.EpochEnd;
import org.apache.kafka.common.message.OffsetForLeaderEpochRequestData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.EpochEndOffset;
import org.apache.kafka.common.message.OffsetForLeaderEpochResponseData.OffsetForLeaderTopicResult;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;

import java.util.concurrent.CompletableFuture;

/**
 * OffsetForLeaderEpoch, which consumers use to detect log truncation after a leader change (KIP-320):
 * answered from the log's leader-epoch cache as a Kafka leader answers it: the current epoch ends at
 * the log end, an older one where the next known epoch began, one before the first known at the first
 * start, a later one is unknown (-1, -1). A broker alone stamps epoch 0 for its whole life.
 */
final class OffsetForLeaderEpochHandler implements RequestHandler {
    private final BrokerContext broker;

    OffsetForLeaderEpochHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, Object message) {
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
                } else if (p.leaderEpoch() >= 0) {
                    EpochEnd end = partition.log().endOffsetFor(p.leaderEpoch());
                    if (end.endOffset() >= 0) {
                        out.setLeaderEpoch(end.epoch()).setEndOffset(end.endOffset());
                    } else if (p.leaderEpoch() <= partition.leaderEpoch() && partition.log().epochEntries().isEmpty()) {
                        // nothing written under any epoch yet: every epoch so far ends at the (empty) log's end
                        out.setLeaderEpoch(p.leaderEpoch()).setEndOffset(partition.log().logEndOffset());
                    }
                }
            }
        }
        return CompletableFuture.completedFuture(response);
    }
}

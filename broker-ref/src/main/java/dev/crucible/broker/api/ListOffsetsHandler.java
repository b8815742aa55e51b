package dev.crucible.broker.api;

import dev.crucible.broker.log.Partition;
import dev.crucible.broker.log.Topic;
import dev.crucible.io.FetchSlice;
import dev.crucible.io.LogClosedException;
import org.apache.kafka.common.message.ListOffsetsRequestData;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * ListOffsets: earliest (-2, and -4 "earliest local"), latest (-1: the high watermark), and by
 * timestamp — the first record at or after it, found through the time index and then record by record
 * inside that batch (decompressing it if need be), as Kafka answers. No match gives offset -1.
 * Runs on the admin executor: a timestamp lookup reads the disk.
 */
final class ListOffsetsHandler implements RequestHandler {
    static final long LATEST = -1;
    static final long EARLIEST = -2;
    static final long MAX_TIMESTAMP = -3;
    static final long EARLIEST_LOCAL = -4;
    private final BrokerContext broker;

    ListOffsetsHandler(BrokerContext broker) {
        this.broker = broker;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, Object message) {
        ListOffsetsRequestData request = (ListOffsetsRequestData) message;
        boolean epochs = context.version() >= 4; // leader epochs exist from v4
        return CompletableFuture.supplyAsync(() -> respond(request, epochs), broker.adminExecutor());
    }

    private ApiMessage respond(ListOffsetsRequestData request, boolean epochs) {
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsRequestData.ListOffsetsTopic t : request.topics()) {
            Topic topic = broker.topics().get(t.name());
            ListOffsetsTopicResponse topicResponse = new ListOffsetsTopicResponse().setName(t.name());
            response.topics().add(topicResponse);
            for (ListOffsetsRequestData.ListOffsetsPartition p : t.partitions()) {
                ListOffsetsPartitionResponse out = new ListOffsetsPartitionResponse()
                    .setPartitionIndex(p.partitionIndex())
                    .setTimestamp(-1)
                    .setOffset(-1)
                    .setLeaderEpoch(-1);
                topicResponse.partitions().add(out);
                Partition partition = topic == null ? null : topic.partition(p.partitionIndex());
                Errors lead = broker.leadership(t.name(), null, p.partitionIndex());
                if (lead != Errors.NONE) {
                    out.setErrorCode(lead.code());
                } else if (partition == null) {
                    out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                } else if (p.currentLeaderEpoch() > partition.leaderEpoch()) {
                    out.setErrorCode(Errors.UNKNOWN_LEADER_EPOCH.code());
                } else if (p.currentLeaderEpoch() >= 0 && p.currentLeaderEpoch() < partition.leaderEpoch()) {
                    out.setErrorCode(Errors.FENCED_LEADER_EPOCH.code());
                } else {
                    lookup(partition, p.timestamp(), epochs ? partition.leaderEpoch() : -1, out);
                }
            }
        }
        return response;
    }

    private static void lookup(Partition partition, long timestamp, int epoch, ListOffsetsPartitionResponse out) {
        if (timestamp == LATEST) {
            out.setOffset(partition.highWatermark()).setLeaderEpoch(epoch);
        } else if (timestamp == EARLIEST || timestamp == EARLIEST_LOCAL) {
            out.setOffset(partition.logStartOffset()).setLeaderEpoch(epoch);
        } else if (timestamp >= 0) {
            try {
                byTimestamp(partition, timestamp, epoch, out);
            } catch (LogClosedException e) {
                out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()); // deleted meanwhile
            } catch (IOException | RuntimeException e) {
                Errors error = partition.log().isClosed() ? Errors.UNKNOWN_TOPIC_OR_PARTITION : Errors.KAFKA_STORAGE_ERROR;
                out.setErrorCode(error.code());
            }
        } else {
            // -3 (max timestamp) and the tiered-storage specs: not kept by this broker
            out.setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        }
    }

    private static void byTimestamp(Partition partition, long timestamp, int epoch, ListOffsetsPartitionResponse out) throws IOException {
        long highWatermark = partition.highWatermark();
        long base = partition.log().offsetForTimestamp(timestamp);
        FetchSlice slice = new FetchSlice();
        while (base >= 0 && base < highWatermark) {
            partition.read(base, 1, slice); // at least the one batch holding base
            if (slice.isEmpty()) {
                return;
            }
            ByteBuffer bytes = slice.copyTo(ByteBuffer.allocate(slice.length())).flip();
            for (RecordBatch batch : MemoryRecords.readableRecords(bytes).batches()) {
                if (batch.maxTimestamp() < timestamp) {
                    continue;
                }
                for (Record record : batch) {
                    long ts = batch.timestampType() == org.apache.kafka.common.record.TimestampType.LOG_APPEND_TIME
                        ? batch.maxTimestamp() : record.timestamp();
                    if (ts >= timestamp && record.offset() < highWatermark) {
                        out.setOffset(record.offset()).setTimestamp(ts).setLeaderEpoch(epoch);
                        return;
                    }
                }
            }
            base = slice.nextOffset();
        }
    }
}

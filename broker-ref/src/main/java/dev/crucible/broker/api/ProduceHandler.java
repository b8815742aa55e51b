package dev.crucible.broker.api;

import dev.crucible.broker.config.BrokenMode;
import dev.crucible.broker.broken.DuplicateOffsets;
import dev.crucible.broker.cluster.OffsetsTopic;
import dev.crucible.broker.cluster.ReplicatedPartition;
import dev.crucible.broker.log.Partition;
import dev.crucible.broker.log.Topic;
import dev.crucible.broker.config.TopicConfig;
import dev.crucible.broker.producer.PartitionAdmission;
import dev.crucible.broker.producer.ProduceValidation;
import dev.crucible.io.AppendRefusedException;
import dev.crucible.io.AppendRequest;
import dev.crucible.io.AppendTimeoutException;
import dev.crucible.io.InvalidBatchException;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Produce: each partition's batches go to its log as they arrived — a slice of the request frame, never
 * copied or recompressed. {@link ProduceValidation} first checks what Kafka checks (one batch, the records
 * present against the header; compressed ones are decompressed for that), then the engine validates them
 * (magic, sizes, CRC32C) and rewrites only the base offset and leader epoch. The response is sent when every partition's append is acknowledged
 * under its topic's flush policy ({@code acks=all} is {@code acks=1} on one node); {@code acks=0} gets
 * no response at all.
 *
 * <p>Under the deliberately broken mode {@code duplicate-offsets} some acknowledgements lie about the
 * base offset ({@link DuplicateOffsets}).
 */
final class ProduceHandler implements RequestHandler {
    private final BrokerContext broker;
    private final DuplicateOffsets lies; // null unless crucible.broken=duplicate-offsets
    private final ProduceAppend.Pool appends = new ProduceAppend.Pool();

    ProduceHandler(BrokerContext broker) {
        this.broker = broker;
        this.lies = broker.config().broken().orElse(null) == BrokenMode.DUPLICATE_OFFSETS ? new DuplicateOffsets() : null;
    }

    @Override
    public CompletableFuture<ApiMessage> handle(RequestContext context, ApiMessage message) {
        ProduceRequestData request = (ProduceRequestData) message;
        short acks = request.acks();
        boolean useIds = context.version() >= 13;
        boolean messages = context.version() >= 8; // error messages exist from v8
        ProduceResponseData response = new ProduceResponseData();
        ProduceAppend.Call call = new ProduceAppend.Call(acks == 0 ? null : response);
        for (ProduceRequestData.TopicProduceData topicData : request.topicData()) {
            Topic topic = useIds ? broker.topics().get(topicData.topicId()) : broker.topics().get(topicData.name());
            TopicProduceResponse topicResponse = new TopicProduceResponse()
                .setName(useIds ? "" : topicData.name())
                .setTopicId(topicData.topicId());
            response.responses().add(topicResponse);
            for (ProduceRequestData.PartitionProduceData partitionData : topicData.partitionData()) {
                PartitionProduceResponse out = new PartitionProduceResponse()
                    .setIndex(partitionData.index())
                    .setBaseOffset(-1)
                    .setLogAppendTimeMs(-1)
                    .setLogStartOffset(-1);
                topicResponse.partitionResponses().add(out);
                Errors lead = broker.leadership(useIds ? null : topicData.name(), topicData.topicId(), partitionData.index());
                if (lead != Errors.NONE) {
                    out.setErrorCode(lead.code()).setErrorMessage(messages ? lead.message() : null);
                    if (context.version() >= 10) {
                        LeaderHints.produce(broker.cluster(), response, out, topicData.name(), topicData.topicId(), partitionData.index(),
                            context.listener());
                    }
                    continue;
                }
                Partition partition = topic == null ? null : topic.partition(partitionData.index());
                ProduceValidation.Refusal refusal = precheck(acks, topic, partition, partitionData.records(), useIds,
                    context.version());
                if (refusal != null) {
                    out.setErrorCode(refusal.error().code()).setErrorMessage(messages ? refusal.message() : null);
                    continue;
                }
                ReplicatedPartition replica = broker.replica(topic.id(), partitionData.index());
                if (replica != null && acks == -1) {
                    Errors admitted = replica.admitAcksAll();
                    if (admitted != Errors.NONE) {
                        out.setErrorCode(admitted.code()).setErrorMessage(messages ? admitted.message() : null);
                        continue;
                    }
                }
                // MemoryRecords hands out a view of its own: the write moves this one's position, not the frame's
                ByteBuffer batches = ((MemoryRecords) partitionData.records()).buffer();
                call.add(appends.take().prepare(this, out, partition, batches, messages)
                    .replicated(replica, acks == -1 ? System.currentTimeMillis() + Math.max(0, request.timeoutMs()) : -1));
            }
        }
        call.submitAll(); // only once the response is complete: answers may come back at once
        return call;
    }

    private static ProduceValidation.Refusal precheck(short acks, Topic topic, Partition partition, BaseRecords records,
                                                      boolean useIds, short version) {
        if (acks != 0 && acks != 1 && acks != -1) {
            return refusal(Errors.INVALID_REQUIRED_ACKS);
        }
        if (topic == null) {
            return refusal(useIds ? Errors.UNKNOWN_TOPIC_ID : Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        if (partition == null) {
            return refusal(Errors.UNKNOWN_TOPIC_OR_PARTITION);
        }
        if (OffsetsTopic.is(topic.name())) {
            return new ProduceValidation.Refusal(Errors.INVALID_TOPIC_EXCEPTION, "Cannot append to internal topic " + OffsetsTopic.NAME);
        }
        if (!(records instanceof MemoryRecords memory) || memory.sizeInBytes() == 0) {
            return refusal(Errors.CORRUPT_MESSAGE);
        }
        TopicConfig config = topic.config();
        return ProduceValidation.check(memory.buffer(), version, config.maxMessageBytes(), config.timestampWindow(),
            System.currentTimeMillis());
    }

    private static ProduceValidation.Refusal refusal(Errors error) {
        return new ProduceValidation.Refusal(error, error.message());
    }

    /** Fills one partition's answer from its append; on the log writer's thread. */
    void complete(PartitionProduceResponse out, AppendRequest r, Partition partition,
                  int firstBatchAt, ByteBuffer batches, boolean messages) {
        if (r.succeeded()) {
            long baseOffset = lies == null ? r.baseOffset() : lies.reportedBaseOffset(partition, r.baseOffset());
            out.setBaseOffset(baseOffset).setLogStartOffset(partition.logStartOffset())
                .setLogAppendTimeMs(PartitionAdmission.logAppendTimeMs(batches, firstBatchAt));
            return;
        }
        Errors error = errorOf(r.error());
        out.setErrorCode(error.code()).setErrorMessage(messages ? r.error().getMessage() : null);
    }

    static Errors errorOf(Throwable error) {
        if (error instanceof InvalidBatchException) {
            return Errors.CORRUPT_MESSAGE;
        }
        if (error instanceof AppendRefusedException refused) {
            return Errors.forCode((short) refused.reason());
        }
        if (error instanceof AppendTimeoutException) {
            return Errors.REQUEST_TIMED_OUT; // the disk could not keep up; retriable
        }
        return Errors.KAFKA_STORAGE_ERROR;
    }
}

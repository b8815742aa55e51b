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
import org.apache.kafka.common.protocol.Errors;

import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;

/**
 * Produce ({@link ProduceRequest} in, a pooled {@link ProduceResponse} out): each partition's batches go
 * to its log as they arrived — a slice of the request frame, never copied or recompressed.
 * {@link ProduceValidation} first checks what Kafka checks (one batch, the records present against the
 * header; compressed ones are decompressed for that), then the engine validates them (magic, sizes,
 * CRC32C) and rewrites only the base offset and leader epoch. The response is sent when every
 * partition's append is acknowledged under its topic's flush policy ({@code acks=all} is {@code acks=1}
 * on one node); {@code acks=0} gets no response at all.
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
    public CompletableFuture<ProduceResponse> handle(RequestContext context, Object message) {
        ProduceRequest request = (ProduceRequest) message;
        short acks = request.acks();
        boolean useIds = context.version() >= 13;
        boolean messages = context.version() >= 8; // error messages exist from v8
        ProduceResponse response = ProduceResponse.take();
        ProduceAppend.Call call = new ProduceAppend.Call(response, acks == 0);
        for (int t = 0; t < request.topicCount(); t++) {
            ProduceRequest.Topic topicData = request.topic(t);
            Topic topic = useIds ? broker.topics().get(topicData.id()) : broker.topics().get(topicData.name());
            ProduceResponse.TopicAnswer topicResponse = response.addTopic(useIds ? "" : topicData.name(), topicData.id());
            for (int i = 0; i < topicData.partitionCount(); i++) {
                int index = topicData.partitionIndex(i);
                ProduceResponse.PartitionAnswer out = topicResponse.addPartition(index);
                Errors lead = broker.leadership(useIds ? null : topicData.name(), topicData.id(), index);
                if (lead != Errors.NONE) {
                    out.error(lead.code(), messages ? lead.message() : null);
                    if (context.version() >= 10) {
                        LeaderHints.produce(broker.cluster(), response, out, topicData.name(), topicData.id(), index,
                            context.listener());
                    }
                    continue;
                }
                Partition partition = topic == null ? null : topic.partition(index);
                ByteBuffer batches = topicData.records(i); // a view of its own: the write moves its position, not the frame's
                ProduceValidation.Refusal refusal = precheck(acks, topic, partition, batches, useIds, context.version());
                if (refusal != null) {
                    out.error(refusal.error().code(), messages ? refusal.message() : null);
                    continue;
                }
                ReplicatedPartition replica = broker.replica(topic.id(), index);
                if (replica != null && acks == -1) {
                    Errors admitted = replica.admitAcksAll();
                    if (admitted != Errors.NONE) {
                        out.error(admitted.code(), messages ? admitted.message() : null);
                        continue;
                    }
                }
                call.add(appends.take().prepare(this, out, partition, batches, messages)
                    .replicated(replica, acks == -1 ? System.currentTimeMillis() + Math.max(0, request.timeoutMs()) : -1));
            }
        }
        call.submitAll(); // only once the response is complete: answers may come back at once
        return call;
    }

    private static ProduceValidation.Refusal precheck(short acks, Topic topic, Partition partition, ByteBuffer records,
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
        if (records == null || !records.hasRemaining()) {
            return refusal(Errors.CORRUPT_MESSAGE);
        }
        TopicConfig config = topic.config();
        return ProduceValidation.check(records, version, config.maxMessageBytes(), config.timestampWindow(),
            System.currentTimeMillis());
    }

    private static ProduceValidation.Refusal refusal(Errors error) {
        return new ProduceValidation.Refusal(error, error.message());
    }

    /** Fills one partition's answer from its append; on the log writer's thread. */
    void complete(ProduceResponse.PartitionAnswer out, AppendRequest r, Partition partition,
                  int firstBatchAt, ByteBuffer batches, boolean messages) {
        if (r.succeeded()) {
            long baseOffset = lies == null ? r.baseOffset() : lies.reportedBaseOffset(partition, r.baseOffset());
            out.offsets(baseOffset, PartitionAdmission.logAppendTimeMs(batches, firstBatchAt), partition.logStartOffset());
            return;
        }
        Errors error = errorOf(r.error());
        out.error(error.code(), messages ? r.error().getMessage() : null);
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

package dev.crucible.broker.hostile;

import dev.crucible.broker.net.RawClient;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The requests the hostile tests send, at versions every client of ours uses. */
public final class Wire {
    static final short CREATE_V = 7;
    static final short DELETE_V = 6;
    static final short PRODUCE_V = 9;
    static final short FETCH_V = 12;

    private Wire() {
    }

    static CreateTopicsResponseData.CreatableTopicResult create(RawClient c, String name, int partitions,
                                                                 String... configs) throws IOException {
        CreateTopicsRequestData.CreatableTopic topic = new CreateTopicsRequestData.CreatableTopic().setName(name)
            .setNumPartitions(partitions).setReplicationFactor((short) 1);
        for (int i = 0; i < configs.length; i += 2) {
            topic.configs().add(new CreateTopicsRequestData.CreatableTopicConfig().setName(configs[i]).setValue(configs[i + 1]));
        }
        CreateTopicsRequestData request = new CreateTopicsRequestData().setTimeoutMs(60_000);
        request.topics().add(topic);
        return c.call(ApiKeys.CREATE_TOPICS, CREATE_V, request, new CreateTopicsResponseData()).topics().find(name);
    }

    static short delete(RawClient c, String name) throws IOException {
        DeleteTopicsRequestData request = new DeleteTopicsRequestData().setTimeoutMs(30_000);
        request.topics().add(new DeleteTopicsRequestData.DeleteTopicState().setName(name));
        return c.call(ApiKeys.DELETE_TOPICS, DELETE_V, request, new DeleteTopicsResponseData()).responses().find(name).errorCode();
    }

    /** One batch of {@code count} records of {@code size} bytes each, value "i:..." padded. */
    static MemoryRecords batch(int first, int count, int size) {
        SimpleRecord[] records = new SimpleRecord[count];
        for (int i = 0; i < count; i++) {
            StringBuilder value = new StringBuilder("v" + (first + i) + ":");
            while (value.length() < size) {
                value.append('x');
            }
            records[i] = new SimpleRecord(System.currentTimeMillis(), null, value.toString().getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    static ProduceResponseData.PartitionProduceResponse produce(RawClient c, String topic, int partition,
                                                                MemoryRecords records) throws IOException {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000);
        ProduceRequestData.TopicProduceData t = new ProduceRequestData.TopicProduceData().setName(topic);
        t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(partition).setRecords(records));
        data.topicData().add(t);
        ProduceResponseData r = c.call(ApiKeys.PRODUCE, PRODUCE_V, data, new ProduceResponseData());
        return r.responses().iterator().next().partitionResponses().get(0);
    }

    static FetchRequestData fetch(String topic, long offset, int minBytes, int maxWaitMs) {
        FetchRequestData fetch = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(maxWaitMs).setMinBytes(minBytes)
            .setMaxBytes(50 << 20).setSessionEpoch(-1);
        fetch.topics().add(new FetchRequestData.FetchTopic().setTopic(topic).setPartitions(List.of(
            new FetchRequestData.FetchPartition().setPartition(0).setFetchOffset(offset).setPartitionMaxBytes(1 << 20))));
        return fetch;
    }

    /** Every record of partition 0 from offset 0 as "offset:value", read with Fetch until an empty answer. */
    public static List<String> fetchAll(RawClient c, String topic) throws IOException {
        List<String> out = new java.util.ArrayList<>();
        long offset = 0;
        while (true) {
            FetchResponseData r = c.call(ApiKeys.FETCH, FETCH_V, fetch(topic, offset, 0, 0), new FetchResponseData());
            FetchResponseData.PartitionData p = r.responses().get(0).partitions().get(0);
            if (p.errorCode() != 0) {
                throw new IOException("fetch of " + topic + " at " + offset + ": " + Errors.forCode(p.errorCode()));
            }
            MemoryRecords records = (MemoryRecords) p.records();
            if (records.sizeInBytes() == 0) {
                return out;
            }
            for (RecordBatch b : records.batches()) {
                b.ensureValid();
                for (Record rec : b) {
                    out.add(rec.offset() + ":" + StandardCharsets.UTF_8.decode(rec.value()));
                    offset = rec.offset() + 1;
                }
            }
        }
    }
}

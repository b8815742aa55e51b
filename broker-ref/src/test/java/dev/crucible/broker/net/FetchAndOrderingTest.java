package dev.crucible.broker.net;

import dev.crucible.broker.TestBroker;
import dev.crucible.broker.log.Partition;
import dev.crucible.testing.Await;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Fetch limits (KIP-74), errors, long polls woken by appends, and response order with acks=0. */
class FetchAndOrderingTest {
    @TempDir
    Path dir;
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        broker = new TestBroker(dir);
        try (RawClient c = new RawClient(broker.port())) {
            CreateTopicsRequestData create = new CreateTopicsRequestData().setTimeoutMs(10_000);
            create.topics().add(new CreateTopicsRequestData.CreatableTopic().setName("f").setNumPartitions(2)
                .setReplicationFactor((short) 1));
            c.call(ApiKeys.CREATE_TOPICS, (short) 7, create, new CreateTopicsResponseData());
        }
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    private static ProduceRequestData produceTo(int partition, MemoryRecords records, short acks) {
        ProduceRequestData data = BadInputTest.produce("f", records).setAcks(acks);
        data.topicData().iterator().next().partitionData().get(0).setIndex(partition);
        return data;
    }

    private static FetchResponseData fetch(RawClient c, int maxWaitMs, int minBytes, int maxBytes, int partitionMaxBytes,
                                           long... offsets) throws Exception {
        List<FetchRequestData.FetchPartition> partitions = new ArrayList<>();
        for (int p = 0; p < offsets.length; p++) {
            partitions.add(new FetchRequestData.FetchPartition().setPartition(p).setFetchOffset(offsets[p])
                .setPartitionMaxBytes(partitionMaxBytes));
        }
        FetchRequestData request = new FetchRequestData().setReplicaId(-1).setMaxWaitMs(maxWaitMs).setMinBytes(minBytes)
            .setMaxBytes(maxBytes).setSessionEpoch(-1)
            .setTopics(List.of(new FetchRequestData.FetchTopic().setTopic("f").setPartitions(partitions)));
        return c.call(ApiKeys.FETCH, BadInputTest.FETCH_V, request, new FetchResponseData());
    }

    private static List<Long> batchOffsets(FetchResponseData.PartitionData p) {
        List<Long> out = new ArrayList<>();
        for (RecordBatch b : ((MemoryRecords) p.records()).batches()) {
            out.add(b.baseOffset());
        }
        return out;
    }

    @Test
    void limitsAreHonouredButTheFirstBatchAlwaysComesWhole() throws Exception {
        try (RawClient c = new RawClient(broker.port())) {
            for (int p = 0; p < 2; p++) {
                for (int i = 0; i < 5; i++) {
                    c.call(ApiKeys.PRODUCE, BadInputTest.PRODUCE_V, produceTo(p, BadInputTest.batch("p" + p + "-" + i, "x"), (short) 1),
                        new org.apache.kafka.common.message.ProduceResponseData());
                }
            }
            FetchResponseData tiny = fetch(c, 0, 1, 1, 1, 0, 0);
            assertThat(tiny.responses().get(0).partitions()).as("every partition asked for is listed").hasSize(2);
            assertThat(batchOffsets(tiny.responses().get(0).partitions().get(0))).as("one whole batch, though over the limit")
                .containsExactly(0L);
            assertThat(batchOffsets(tiny.responses().get(0).partitions().get(1))).as("nothing more once the limit is used").isEmpty();
            FetchResponseData.PartitionData p0 = tiny.responses().get(0).partitions().get(0);
            assertThat(p0.highWatermark()).isEqualTo(10);
            assertThat(p0.logStartOffset()).isZero();

            FetchResponseData all = fetch(c, 0, 1, 1 << 20, 1 << 20, 4, 0);
            assertThat(batchOffsets(all.responses().get(0).partitions().get(0))).containsExactly(4L, 6L, 8L);
            assertThat(batchOffsets(all.responses().get(0).partitions().get(1))).containsExactly(0L, 2L, 4L, 6L, 8L);

            FetchResponseData outOfRange = fetch(c, 0, 1, 1 << 20, 1 << 20, 11, 10);
            assertThat(outOfRange.responses().get(0).partitions().get(0).errorCode()).isEqualTo(Errors.OFFSET_OUT_OF_RANGE.code());
            assertThat(outOfRange.responses().get(0).partitions().get(1).errorCode()).isZero();
        }
    }

    @Test
    void aLongPollIsAnsweredByTheAppendThatArrives() throws Exception {
        try (RawClient waiting = new RawClient(broker.port()); RawClient producer = new RawClient(broker.port())) {
            CompletableFuture<FetchResponseData> poll = CompletableFuture.supplyAsync(() -> {
                try {
                    // max wait far beyond the socket timeout: only the append can end this poll in time
                    return fetch(waiting, 600_000, 1, 1 << 20, 1 << 20, 0, 0);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Partition waitedOn = broker.broker().topics().get("f").partition(1);
            Await.until("the long poll to park on f-1", () -> waitedOn.waitingFetches() == 1);
            assertThat(poll).as("a parked poll with no data and 600 s to wait").isNotDone();
            producer.call(ApiKeys.PRODUCE, BadInputTest.PRODUCE_V, produceTo(1, BadInputTest.batch("wake"), (short) 1),
                new org.apache.kafka.common.message.ProduceResponseData());
            FetchResponseData answer = poll.get(9, TimeUnit.SECONDS);
            assertThat(batchOffsets(answer.responses().get(0).partitions().get(1))).containsExactly(0L);
        }
    }

    @Test
    void acksZeroGetsNoResponseAndLaterResponsesKeepRequestOrder() throws Exception {
        try (RawClient c = new RawClient(broker.port())) {
            c.sendRaw(RawClient.frame(ApiKeys.PRODUCE, BadInputTest.PRODUCE_V, 100, produceTo(0, BadInputTest.batch("silent"), (short) 0)));
            c.sendRaw(RawClient.frame(ApiKeys.API_VERSIONS, (short) 3, 101, new ApiVersionsRequestData()
                .setClientSoftwareName("t").setClientSoftwareVersion("1")));
            c.sendRaw(RawClient.frame(ApiKeys.PRODUCE, BadInputTest.PRODUCE_V, 102, produceTo(0, BadInputTest.batch("loud"), (short) 1)));
            c.sendRaw(RawClient.frame(ApiKeys.API_VERSIONS, (short) 3, 103, new ApiVersionsRequestData()
                .setClientSoftwareName("t").setClientSoftwareVersion("1")));
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                ByteBuffer frame = c.readFrame();
                order.add(frame.getInt(0));
            }
            assertThat(order).containsExactly(101, 102, 103);
            assertThat(BadInputTest.readAll(c, "f")).containsExactly("0:silent", "1:loud");
        }
    }
}

package dev.crucible.broker.net;

import dev.crucible.broker.TestBroker;
import dev.crucible.broker.common.BrokerLog;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Malformed frames, wrong sizes, corrupt batches and random garbage: each gets a clear refusal (an
 * error code or a closed connection), nothing is appended that was not a whole valid batch, earlier
 * data stays intact and the broker keeps serving other clients.
 */
class BadInputTest {
    static final short PRODUCE_V = 9;
    static final short FETCH_V = 12;
    @TempDir
    Path dir;
    private TestBroker broker;

    @BeforeEach
    void start() throws Exception {
        BrokerLog.quiet(true);
        broker = new TestBroker(dir, java.util.Map.of("socket.request.max.bytes", "1048576"));
        try (RawClient c = new RawClient(broker.port())) {
            CreateTopicsRequestData create = new CreateTopicsRequestData().setTimeoutMs(10_000);
            for (String name : List.of("kept", "fuzz")) {
                create.topics().add(new CreateTopicsRequestData.CreatableTopic().setName(name).setNumPartitions(1)
                    .setReplicationFactor((short) 1));
            }
            CreateTopicsResponseData created = c.call(ApiKeys.CREATE_TOPICS, (short) 7, create, new CreateTopicsResponseData());
            assertThat(created.topics()).allMatch(t -> t.errorCode() == 0);
        }
    }

    @AfterEach
    void stop() {
        broker.close();
        BrokerLog.quiet(false);
    }

    static MemoryRecords batch(String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(1_000L + i, null, values[i].getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, records);
    }

    static ProduceRequestData produce(String topic, MemoryRecords records) {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000);
        ProduceRequestData.TopicProduceData t = new ProduceRequestData.TopicProduceData().setName(topic);
        t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(records));
        data.topicData().add(t);
        return data;
    }

    static short produceError(RawClient c, String topic, MemoryRecords records) throws IOException {
        ProduceResponseData r = c.call(ApiKeys.PRODUCE, PRODUCE_V, produce(topic, records), new ProduceResponseData());
        return r.responses().iterator().next().partitionResponses().get(0).errorCode();
    }

    /** Every record of the partition, as "offset:value", read back with Fetch. */
    static List<String> readAll(RawClient c, String topic) throws IOException {
        return dev.crucible.broker.hostile.Wire.fetchAll(c, topic);
    }

    @Test
    void aCorruptBatchGetsCorruptMessageAndNothingIsAppended() throws Exception {
        try (RawClient c = new RawClient(broker.port())) {
            assertThat(produceError(c, "kept", batch("a", "b"))).isZero();
            MemoryRecords bad = batch("c", "d");
            ByteBuffer bytes = bad.buffer();
            bytes.put(bytes.limit() - 1, (byte) (bytes.get(bytes.limit() - 1) ^ 0x40)); // breaks the CRC
            assertThat(produceError(c, "kept", bad)).isEqualTo(Errors.CORRUPT_MESSAGE.code());
            MemoryRecords badMagic = batch("e");
            badMagic.buffer().put(16, (byte) 1);
            assertThat(produceError(c, "kept", badMagic)).isEqualTo(Errors.CORRUPT_MESSAGE.code());
            assertThat(produceError(c, "kept", batch("f"))).isZero();
            assertThat(readAll(c, "kept")).containsExactly("0:a", "1:b", "2:f");
        }
    }

    @Test
    void aBatchOverMaxMessageBytesIsRefusedAsTooLargeAndNotAppended() throws Exception {
        try (RawClient c = new RawClient(broker.port())) {
            CreateTopicsRequestData create = new CreateTopicsRequestData().setTimeoutMs(10_000);
            CreateTopicsRequestData.CreatableTopic small = new CreateTopicsRequestData.CreatableTopic().setName("small")
                .setNumPartitions(1).setReplicationFactor((short) 1);
            small.configs().add(new CreateTopicsRequestData.CreatableTopicConfig().setName("max.message.bytes").setValue("1000"));
            create.topics().add(small);
            assertThat(c.call(ApiKeys.CREATE_TOPICS, (short) 7, create, new CreateTopicsResponseData())
                .topics().find("small").errorCode()).isZero();
            assertThat(produceError(c, "small", batch("fits"))).isZero();
            assertThat(produceError(c, "small", batch("x".repeat(2000)))).isEqualTo(Errors.MESSAGE_TOO_LARGE.code());
            assertThat(produceError(c, "small", batch("fits too"))).isZero();
            assertThat(readAll(c, "small")).containsExactly("0:fits", "1:fits too");
        }
    }

    @Test
    void anOversizedOrNegativeFrameSizeClosesOnlyThatConnection() throws Exception {
        try (RawClient good = new RawClient(broker.port())) {
            assertThat(produceError(good, "kept", batch("before"))).isZero();
            for (int size : new int[] {Integer.MAX_VALUE, 2_000_000, -1, 0, 3}) {
                try (RawClient bad = new RawClient(broker.port())) {
                    bad.sendRaw(ByteBuffer.allocate(4).putInt(size).array());
                    assertThat(bad.closedByBroker()).as("size %d", size).isTrue();
                }
            }
            assertThat(produceError(good, "kept", batch("after"))).isZero();
            assertThat(readAll(good, "kept")).containsExactly("0:before", "1:after");
        }
    }

    @Test
    void unknownApiKeysAndUnsupportedVersionsCloseTheConnection() throws Exception {
        try (RawClient c = new RawClient(broker.port())) {
            byte[] frame = RawClient.frame(ApiKeys.API_VERSIONS, (short) 3, 1, new ApiVersionsRequestData()
                .setClientSoftwareName("raw").setClientSoftwareVersion("1"));
            ByteBuffer.wrap(frame).putShort(4, (short) 999);
            c.sendRaw(frame);
            assertThat(c.closedByBroker()).isTrue();
        }
        try (RawClient c = new RawClient(broker.port())) {
            byte[] v3 = RawClient.frame(ApiKeys.PRODUCE, (short) 3, 1, produce("kept", batch("old")));
            ByteBuffer.wrap(v3).putShort(6, (short) 2); // same layout as v3 apart from the transactional id
            c.sendRaw(v3);
            assertThat(c.closedByBroker()).as("Produce v2 is advertised but refused, as Kafka 4 does").isTrue();
        }
        try (RawClient c = new RawClient(broker.port())) {
            ApiVersionsResponseData newer = c.call(ApiKeys.API_VERSIONS, (short) 0, new ApiVersionsRequestData(),
                new ApiVersionsResponseData());
            assertThat(newer.errorCode()).isZero();
            assertThat(newer.apiKeys().find(ApiKeys.PRODUCE.id).minVersion()).isZero();
            assertThat(newer.apiKeys().find(ApiKeys.FETCH.id).maxVersion()).isEqualTo(ApiKeys.FETCH.latestVersion());
        }
    }

    @Test
    void anApiVersionsRequestNewerThanOursGetsTheV0TableWithUnsupportedVersion() throws Exception {
        try (RawClient c = new RawClient(broker.port())) {
            byte[] frame = RawClient.frame(ApiKeys.API_VERSIONS, (short) 3, 7, new ApiVersionsRequestData()
                .setClientSoftwareName("raw").setClientSoftwareVersion("1"));
            ByteBuffer.wrap(frame).putShort(6, (short) 99); // api version
            c.sendRaw(frame);
            ByteBuffer response = c.readFrame();
            assertThat(response.getInt()).isEqualTo(7);
            ApiVersionsResponseData v0 = new ApiVersionsResponseData(
                new org.apache.kafka.common.protocol.ByteBufferAccessor(response), (short) 0);
            assertThat(v0.errorCode()).isEqualTo(Errors.UNSUPPORTED_VERSION.code());
            assertThat(v0.apiKeys().find(ApiKeys.METADATA.id)).isNotNull();
        }
    }

    @Test
    void randomAndMutatedFramesLeaveEarlierDataIntactAndTheBrokerServing() throws Exception {
        long seed = Long.getLong("crucible.fuzz.seed", System.nanoTime());
        System.out.println("BadInputTest fuzz seed " + seed + " (rerun with -Dcrucible.fuzz.seed=" + seed + ")");
        Random random = new Random(seed);
        List<String> expected = new ArrayList<>();
        try (RawClient c = new RawClient(broker.port())) {
            for (int i = 0; i < 20; i++) {
                assertThat(produceError(c, "kept", batch("k" + i))).isZero();
                expected.add(i + ":k" + i);
            }
        }
        byte[] produceFrame = RawClient.frame(ApiKeys.PRODUCE, PRODUCE_V, 1, produce("fuzz", batch("p1", "p2", "p3")));
        byte[] fetchFrame = RawClient.frame(ApiKeys.FETCH, FETCH_V, 2, new FetchRequestData().setMaxWaitMs(0)
            .setSessionEpoch(-1).setTopics(List.of(new FetchRequestData.FetchTopic().setTopic("kept").setPartitions(
                List.of(new FetchRequestData.FetchPartition().setPartitionMaxBytes(1000))))));
        int rounds = Integer.getInteger("crucible.fuzz.rounds", 300);
        for (int round = 0; round < rounds; round++) {
            byte[] frame;
            switch (random.nextInt(3)) {
                case 0 -> {
                    frame = new byte[4 + random.nextInt(200)];
                    random.nextBytes(frame);
                    ByteBuffer.wrap(frame).putInt(frame.length - 4);
                }
                case 1 -> frame = mutate(produceFrame, random);
                default -> frame = mutate(fetchFrame, random);
            }
            try (RawClient fuzz = new RawClient(broker.port())) {
                fuzz.sendRaw(frame);
                fuzz.sendRaw(frame);
            } catch (IOException e) {
                // the broker may close first: that is a refusal too
            }
        }
        try (RawClient c = new RawClient(broker.port())) {
            assertThat(readAll(c, "kept")).containsExactlyElementsOf(expected);
            List<String> fuzzed = readAll(c, "fuzz"); // every stored batch passes ensureValid()
            assertThat(fuzzed.size() % 3).as("only whole produced batches were stored").isZero();
            assertThat(produceError(c, "kept", batch("after"))).isZero();
        }
    }

    /** Flips 1..4 random bytes after the size prefix (the size stays right, so the frame is read whole). */
    private static byte[] mutate(byte[] frame, Random random) {
        byte[] copy = frame.clone();
        int flips = 1 + random.nextInt(4);
        for (int i = 0; i < flips; i++) {
            int at = 4 + random.nextInt(copy.length - 4);
            copy[at] = (byte) random.nextInt(256);
        }
        return copy;
    }
}

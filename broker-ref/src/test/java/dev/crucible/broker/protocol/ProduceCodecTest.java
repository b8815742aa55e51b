package dev.crucible.broker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.broker.api.NodeEndpoint;
import dev.crucible.broker.api.ProduceRequest;
import dev.crucible.broker.api.ProduceResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.requests.RequestHeader;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;

/**
 * The hand-written Produce codec against kafka-clients' generated classes, over every version broker-ref
 * serves (3 to 13) and thousands of seeded random messages per property: responses byte for byte,
 * requests field for field (unknown tagged fields skipped), and damaged requests refused exactly when
 * kafka-clients refuses them. A failure names its seed and version.
 */
class ProduceCodecTest {
    private static final long SEED = 0x5EED_C0DEL;
    private static final int CASES = 400;
    private static final short FIRST = 3;
    private static final short LAST = ApiKeys.PRODUCE.latestVersion();

    @Test
    void everyVersionIsCovered() {
        assertThat(LAST).isEqualTo((short) 13); // a new kafka-clients version: teach the codec first
        assertThat(ApiVersionsTable.minAccepted(ApiKeys.PRODUCE)).isEqualTo(FIRST);
    }

    @Test
    void responsesAreWrittenByteForByteAsKafkaClientsWritesThem() {
        for (short v = FIRST; v <= LAST; v++) {
            for (int c = 0; c < CASES; c++) {
                long seed = SEED + v * 100_000L + c;
                Random random = new Random(seed);
                ProduceResponse ours = ProduceResponse.take();
                ProduceResponseData theirs = new ProduceResponseData();
                randomResponse(random, v, ours, theirs);
                byte[] expected = RandomWire.kafkaBytes(theirs, v);
                ByteBuf out = Unpooled.buffer();
                ProduceCodec.write(ours, v, out);
                assertThat(ProduceCodec.size(ours, v)).as("size, seed %d v%d", seed, v).isEqualTo(expected.length);
                assertThat(bytes(out)).as("bytes, seed %d v%d: %s", seed, v, theirs).isEqualTo(expected);
                ours.recycle();
            }
        }
    }

    @Test
    void requestsAreReadFieldForFieldAsKafkaClientsReadsThem() {
        for (short v = FIRST; v <= LAST; v++) {
            RequestDecoder decoder = new RequestDecoder();
            for (int c = 0; c < CASES; c++) {
                long seed = SEED + v * 100_000L + c;
                ProduceRequestData sent = randomRequest(new Random(seed), v);
                ProduceRequest read = decoder.produce(ByteBuffer.wrap(RandomWire.kafkaBytes(sent, v)), v);
                assertThat(describe(read, v)).as("seed %d v%d", seed, v).isEqualTo(describe(sent, v));
            }
        }
    }

    /** Truncated, bit-flipped and spliced requests: refused by both decoders or read alike by both. */
    @Test
    void damagedRequestsAreRefusedExactlyWhenKafkaClientsRefusesThem() {
        RequestDecoder decoder = new RequestDecoder();
        int[] verdicts = RandomWire.compareDamaged(FIRST, LAST, SEED, CASES, (random, v) -> RandomWire.kafkaBytes(randomRequest(random, v), v),
            (body, v) -> RandomWire.kafkaRead(new ProduceRequestData(), body, v, m -> describe((ProduceRequestData) m, v)),
            (body, v) -> describe(decoder.produce(ByteBuffer.wrap(body), v), v));
        assertThat(verdicts[0]).as("damage that breaks a request").isGreaterThan(CASES);
        assertThat(verdicts[1]).as("damage that leaves a readable request").isGreaterThan(CASES / 4);
    }

    @Test
    void theHeaderIsReadAsKafkaClientsReadsIt() {
        Random random = new Random(SEED);
        RequestDecoder decoder = new RequestDecoder();
        for (int c = 0; c < CASES; c++) {
            short version = (short) (8 + random.nextInt(2)); // Produce v8 has header v1, v9 header v2
            short headerVersion = ApiKeys.PRODUCE.requestHeaderVersion(version);
            RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.PRODUCE.id)
                .setRequestApiVersion(version).setCorrelationId(random.nextInt())
                .setClientId(random.nextInt(5) == 0 ? null : RandomWire.string(random));
            if (headerVersion >= 2 && random.nextBoolean()) {
                header.unknownTaggedFields().add(new RawTaggedField(random.nextInt(100), RandomWire.bytes(random, 8)));
            }
            byte[] bytes = RandomWire.kafkaBytes(header, headerVersion);
            RequestHeader theirs = RequestHeader.parse(ByteBuffer.wrap(bytes));
            ByteBuffer in = ByteBuffer.allocate(bytes.length + 3).put(bytes).put(new byte[] {1, 2, 3}).flip();
            assertThat(decoder.header(in, headerVersion)).as("case %d (a null client id reads as \"\")", c)
                .isEqualTo(theirs.clientId());
            assertThat(in.position()).as("the body starts after the header, case %d", c).isEqualTo(bytes.length);
        }
    }

    /** The same topic names, request after request, come back as the same String: nothing allocated for them. */
    @Test
    void repeatedTopicNamesAreTheSameStrings() {
        RequestDecoder decoder = new RequestDecoder();
        ProduceRequestData data = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
        data.topicData().add(new ProduceRequestData.TopicProduceData().setName("orders"));
        byte[] bytes = RandomWire.kafkaBytes(data, (short) 11);
        String first = decoder.produce(ByteBuffer.wrap(bytes), (short) 11).topic(0).name();
        String second = decoder.produce(ByteBuffer.wrap(bytes), (short) 11).topic(0).name();
        assertThat(second).isEqualTo("orders").isSameAs(first);

        String longName = "x".repeat(WireStrings.MAX_CACHED_BYTES + 1); // read, never kept: the cache stays small
        ProduceRequestData big = new ProduceRequestData().setAcks((short) 1).setTimeoutMs(1000);
        big.topicData().add(new ProduceRequestData.TopicProduceData().setName(longName));
        byte[] bigBytes = RandomWire.kafkaBytes(big, (short) 11);
        String once = decoder.produce(ByteBuffer.wrap(bigBytes), (short) 11).topic(0).name();
        String twice = decoder.produce(ByteBuffer.wrap(bigBytes), (short) 11).topic(0).name();
        assertThat(twice).isEqualTo(longName).isEqualTo(once).isNotSameAs(once);
    }

    private static void randomResponse(Random random, short v, ProduceResponse ours, ProduceResponseData theirs) {
        int topics = random.nextInt(4);
        for (int t = 0; t < topics; t++) {
            String name = v >= 13 ? "" : RandomWire.string(random);
            Uuid id = v >= 13 ? new Uuid(random.nextLong(), random.nextLong()) : Uuid.ZERO_UUID;
            ProduceResponse.TopicAnswer ourTopic = ours.addTopic(name, id);
            ProduceResponseData.TopicProduceResponse theirTopic = new ProduceResponseData.TopicProduceResponse()
                .setName(name).setTopicId(id);
            theirs.responses().add(theirTopic);
            int partitions = random.nextInt(5);
            for (int p = 0; p < partitions; p++) {
                int index = random.nextInt();
                ProduceResponse.PartitionAnswer ourPart = ourTopic.addPartition(index);
                ProduceResponseData.PartitionProduceResponse theirPart = new ProduceResponseData.PartitionProduceResponse()
                    .setIndex(index).setBaseOffset(-1).setLogAppendTimeMs(-1).setLogStartOffset(-1); // ours starts so
                theirTopic.partitionResponses().add(theirPart);
                if (random.nextBoolean()) {
                    short error = (short) random.nextInt(130);
                    String message = random.nextBoolean() ? RandomWire.string(random) : null;
                    ourPart.error(error, message);
                    theirPart.setErrorCode(error).setErrorMessage(message);
                }
                if (random.nextBoolean()) {
                    long base = random.nextLong();
                    long time = random.nextBoolean() ? -1 : random.nextLong();
                    long start = random.nextLong();
                    ourPart.offsets(base, time, start);
                    theirPart.setBaseOffset(base).setLogAppendTimeMs(time).setLogStartOffset(start);
                }
                if (v >= 10 && random.nextBoolean()) {
                    int leader = random.nextInt(5);
                    int epoch = random.nextInt(3) - 1;
                    ourPart.currentLeader(leader, epoch);
                    theirPart.currentLeader().setLeaderId(leader).setLeaderEpoch(epoch);
                }
            }
        }
        if (v >= 10) {
            int endpoints = random.nextInt(3);
            Set<Integer> ids = new HashSet<>();
            for (int e = 0; e < endpoints; e++) {
                int node = random.nextInt(4);
                String host = RandomWire.string(random);
                int port = random.nextInt(65536);
                String rack = random.nextBoolean() ? null : RandomWire.string(random);
                ours.endpoints().add(new NodeEndpoint(node, host, port, rack));
                if (ids.add(node)) {
                    theirs.nodeEndpoints().add(new ProduceResponseData.NodeEndpoint().setNodeId(node).setHost(host)
                        .setPort(port).setRack(rack));
                }
            }
        }
    }

    private static ProduceRequestData randomRequest(Random random, short v) {
        ProduceRequestData data = new ProduceRequestData()
            .setTransactionalId(random.nextInt(4) == 0 ? RandomWire.string(random) : null)
            .setAcks((short) (random.nextInt(4) - 1))
            .setTimeoutMs(random.nextInt());
        int topics = random.nextInt(4);
        Set<String> names = new HashSet<>();
        for (int t = 0; t < topics; t++) {
            ProduceRequestData.TopicProduceData topic = new ProduceRequestData.TopicProduceData();
            if (v >= 13) {
                topic.setTopicId(new Uuid(random.nextLong(), random.nextLong()));
            } else {
                String name = random.nextInt(3) == 0 && !names.isEmpty() ? "reused" : RandomWire.string(random);
                if (!names.add(name)) {
                    continue; // a topic's name is its key in kafka-clients' collection
                }
                topic.setName(name);
            }
            int partitions = random.nextInt(4);
            for (int p = 0; p < partitions; p++) {
                ProduceRequestData.PartitionProduceData partition = new ProduceRequestData.PartitionProduceData()
                    .setIndex(random.nextInt(10) - 1);
                int kind = random.nextInt(6);
                if (kind > 0) {
                    partition.setRecords(MemoryRecords.readableRecords(ByteBuffer.wrap(RandomWire.bytes(random, kind == 1 ? 0 : 200))));
                }
                if (v >= 9 && random.nextInt(4) == 0) {
                    partition.unknownTaggedFields().add(new RawTaggedField(random.nextInt(1000), RandomWire.bytes(random, 20)));
                }
                topic.partitionData().add(partition);
            }
            if (v >= 9 && random.nextInt(4) == 0) {
                topic.unknownTaggedFields().add(new RawTaggedField(random.nextInt(1000), RandomWire.bytes(random, 20)));
            }
            data.topicData().add(topic);
        }
        if (v >= 9 && random.nextInt(4) == 0) {
            List<RawTaggedField> tagged = new ArrayList<>();
            tagged.add(new RawTaggedField(1 + random.nextInt(5), RandomWire.bytes(random, 300)));
            tagged.add(new RawTaggedField(7 + random.nextInt(5), RandomWire.bytes(random, 3)));
            data.unknownTaggedFields().addAll(tagged);
        }
        return data;
    }

    private static String describe(ProduceRequestData data, short v) {
        StringBuilder s = new StringBuilder().append(data.transactionalId()).append('|').append(data.acks()).append('|')
            .append(data.timeoutMs());
        for (ProduceRequestData.TopicProduceData t : data.topicData()) {
            s.append("|topic ").append(v >= 13 ? t.topicId() : t.name());
            for (ProduceRequestData.PartitionProduceData p : t.partitionData()) {
                s.append(" [").append(p.index()).append(' ');
                s.append(p.records() == null ? "null" : hex(((MemoryRecords) p.records()).buffer()));
                s.append(']');
            }
        }
        return s.toString();
    }

    private static String describe(ProduceRequest read, short v) {
        StringBuilder s = new StringBuilder().append(read.transactionalId()).append('|').append(read.acks()).append('|')
            .append(read.timeoutMs());
        for (int t = 0; t < read.topicCount(); t++) {
            ProduceRequest.Topic topic = read.topic(t);
            s.append("|topic ").append(v >= 13 ? topic.id() : topic.name());
            for (int p = 0; p < topic.partitionCount(); p++) {
                s.append(" [").append(topic.partitionIndex(p)).append(' ');
                s.append(topic.records(p) == null ? "null" : hex(topic.records(p)));
                s.append(']');
            }
        }
        return s.toString();
    }

    private static String hex(ByteBuffer b) {
        StringBuilder s = new StringBuilder();
        for (int i = b.position(); i < b.limit(); i++) {
            s.append(String.format("%02x", b.get(i)));
        }
        return s.toString();
    }

    private static byte[] bytes(ByteBuf buf) {
        byte[] b = new byte[buf.readableBytes()];
        buf.getBytes(buf.readerIndex(), b);
        return b;
    }
}

package dev.crucible.broker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.broker.api.FetchRequest;
import dev.crucible.broker.api.FetchResponse;
import dev.crucible.broker.api.FileRecordsRegion;
import dev.crucible.broker.api.NodeEndpoint;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.types.RawTaggedField;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hand-written Fetch codec against kafka-clients' generated classes, over every version broker-ref
 * serves (4 to 18) and seeded random messages: requests field for field (known tagged fields read,
 * unknown ones skipped), damaged requests refused exactly when kafka-clients refuses them, and whole
 * response frames (records sent as file regions) byte for byte. A failure names its seed and version.
 */
class FetchCodecTest {
    private static final long SEED = 0xFE7C_C0DEL;
    private static final int CASES = 300;
    private static final short FIRST = 4;
    private static final short LAST = ApiKeys.FETCH.latestVersion();

    @TempDir
    Path dir;

    @Test
    void everyVersionIsCovered() {
        assertThat(LAST).isEqualTo((short) 18); // a new kafka-clients version: teach the codec first
        assertThat(ApiVersionsTable.minAccepted(ApiKeys.FETCH)).isEqualTo(FIRST);
    }

    @Test
    void requestsAreReadFieldForFieldAsKafkaClientsReadsThem() {
        for (short v = FIRST; v <= LAST; v++) {
            RequestDecoder decoder = new RequestDecoder();
            for (int c = 0; c < CASES; c++) {
                long seed = SEED + v * 100_000L + c;
                FetchRequestData sent = randomRequest(new Random(seed), v);
                FetchRequest read = decoder.fetch(ByteBuffer.wrap(RandomWire.kafkaBytes(sent, v)), v);
                assertThat(describe(read, v)).as("seed %d v%d", seed, v).isEqualTo(describe(sent, v));
            }
        }
    }

    @Test
    void damagedRequestsAreRefusedExactlyWhenKafkaClientsRefusesThem() {
        RequestDecoder decoder = new RequestDecoder();
        int[] verdicts = RandomWire.compareDamaged(FIRST, LAST, SEED, CASES,
            (random, v) -> RandomWire.kafkaBytes(withMisplacedTags(random, randomRequest(random, v), v), v),
            (body, v) -> RandomWire.kafkaRead(new FetchRequestData(), body, v, m -> describe((FetchRequestData) m, v)),
            (body, v) -> describe(decoder.fetch(ByteBuffer.wrap(body), v), v));
        assertThat(verdicts[0]).as("damage that breaks a request").isGreaterThan(CASES);
        assertThat(verdicts[1]).as("damage that leaves a readable request").isGreaterThan(CASES / 4);
    }

    @Test
    void responseFramesAreWrittenByteForByteAsKafkaClientsWritesThemWithTheRecordsAsFileRegions() throws IOException {
        byte[] segment = new byte[64 * 1024];
        new Random(SEED).nextBytes(segment);
        Path file = Files.write(dir.resolve("segment.log"), segment);
        for (short v = FIRST; v <= LAST; v++) {
            short headerVersion = ApiKeys.FETCH.responseHeaderVersion(v);
            for (int c = 0; c < CASES; c++) {
                long seed = SEED + v * 100_000L + c;
                Random random = new Random(seed);
                FetchResponse ours = new FetchResponse();
                FetchResponseData theirs = new FetchResponseData().setSessionId(0);
                randomResponse(random, v, ours, theirs, file, segment);
                int correlationId = random.nextInt();
                byte[] expected = kafkaFrame(correlationId, headerVersion, theirs, v);
                EmbeddedChannel channel = new EmbeddedChannel();
                int written = ResponseWriter.write(channel, correlationId, headerVersion, ours, v);
                byte[] wire = RandomWire.wireBytes(channel);
                assertThat(written).as("frame size, seed %d v%d", seed, v).isEqualTo(expected.length);
                assertThat(wire).as("frame, seed %d v%d: %s", seed, v, theirs).isEqualTo(expected);
                channel.finishAndReleaseAll();
            }
        }
    }

    private static void randomResponse(Random random, short v, FetchResponse ours, FetchResponseData theirs, Path file, byte[] segment) {
        int topics = random.nextInt(4);
        for (int t = 0; t < topics; t++) {
            String name = v >= 13 ? "" : RandomWire.string(random);
            Uuid id = v >= 13 ? new Uuid(random.nextLong(), random.nextLong()) : Uuid.ZERO_UUID;
            FetchResponse.Topic ourTopic = ours.addTopic(name, id);
            FetchResponseData.FetchableTopicResponse theirTopic = new FetchResponseData.FetchableTopicResponse().setTopic(name)
                .setTopicId(id);
            theirs.responses().add(theirTopic);
            int partitions = random.nextInt(4);
            for (int p = 0; p < partitions; p++) {
                int index = random.nextInt();
                short error = random.nextBoolean() ? 0 : (short) random.nextInt(130);
                long hw = random.nextLong();
                long lso = random.nextBoolean() ? hw : random.nextLong();
                long start = v >= 5 ? random.nextLong() : -1;
                FetchResponse.Partition ourPart = ourTopic.addPartition(index, error, hw, lso, start);
                FetchResponseData.PartitionData theirPart = new FetchResponseData.PartitionData().setPartitionIndex(index)
                    .setErrorCode(error).setHighWatermark(hw).setLastStableOffset(lso).setLogStartOffset(start)
                    .setRecords(MemoryRecords.EMPTY);
                theirTopic.partitions().add(theirPart);
                if (random.nextBoolean()) {
                    int length = random.nextInt(3000);
                    int position = random.nextInt(segment.length - length);
                    ourPart.records(new FileRecordsRegion(new DefaultFileRegion(file.toFile(), position, length)));
                    theirPart.setRecords(MemoryRecords.readableRecords(ByteBuffer.wrap(segment, position, length).slice()));
                }
                if (v >= 12 && random.nextInt(3) == 0) {
                    int epoch = random.nextInt(5);
                    long end = random.nextInt(1000);
                    ourPart.diverging(epoch, end);
                    theirPart.divergingEpoch().setEpoch(epoch).setEndOffset(end);
                }
                if (v >= 12 && random.nextInt(3) == 0) {
                    int leader = random.nextInt(5);
                    int epoch = random.nextInt(3) - 1;
                    ourPart.currentLeader(leader, epoch);
                    theirPart.currentLeader().setLeaderId(leader).setLeaderEpoch(epoch);
                }
            }
        }
        if (v >= 16) {
            Set<Integer> ids = new HashSet<>();
            for (int e = random.nextInt(3); e > 0; e--) {
                int node = random.nextInt(4);
                String host = RandomWire.string(random);
                int port = random.nextInt(65536);
                String rack = random.nextBoolean() ? null : RandomWire.string(random);
                ours.endpoints().add(new NodeEndpoint(node, host, port, rack));
                if (ids.add(node)) {
                    theirs.nodeEndpoints().add(new FetchResponseData.NodeEndpoint().setNodeId(node).setHost(host).setPort(port)
                        .setRack(rack));
                }
            }
        }
    }

    /**
     * Sometimes a tag the schema knows only from a later version (partition tag 0 before v17, tag 1 before v18, the
     * request's tag 1 before v15): kafka-clients refuses those, so ours must too.
     */
    private static FetchRequestData withMisplacedTags(Random random, FetchRequestData data, short v) {
        if (v < 12 || random.nextInt(4) != 0) {
            return data;
        }
        if (v < 15 && random.nextBoolean()) {
            data.unknownTaggedFields().add(0, new RawTaggedField(1, RandomWire.bytes(random, 12))); // tags go in ascending order
        }
        for (FetchRequestData.FetchTopic topic : data.topics()) {
            for (FetchRequestData.FetchPartition partition : topic.partitions()) {
                if (v < 17 && random.nextBoolean()) {
                    partition.unknownTaggedFields().add(0, new RawTaggedField(0, RandomWire.bytes(random, 16)));
                } else if (v < 18 && random.nextBoolean()) {
                    partition.unknownTaggedFields().add(0, new RawTaggedField(1, RandomWire.bytes(random, 8)));
                }
            }
        }
        return data;
    }

    private static FetchRequestData randomRequest(Random random, short v) {
        FetchRequestData data = new FetchRequestData()
            .setMaxWaitMs(random.nextInt())
            .setMinBytes(random.nextInt())
            .setMaxBytes(random.nextInt())
            .setIsolationLevel((byte) random.nextInt(2));
        if (v < 15) {
            data.setReplicaId(random.nextInt(3) == 0 ? random.nextInt(5) : -1);
        } else if (random.nextBoolean()) {
            data.replicaState().setReplicaId(random.nextInt(5)).setReplicaEpoch(random.nextLong());
        }
        if (v >= 7) {
            data.setSessionId(random.nextInt()).setSessionEpoch(random.nextInt());
        }
        if (v >= 11) {
            data.setRackId(RandomWire.string(random));
        }
        if (v >= 12 && random.nextBoolean()) {
            data.setClusterId(RandomWire.string(random));
        }
        for (int t = random.nextInt(4); t > 0; t--) {
            FetchRequestData.FetchTopic topic = new FetchRequestData.FetchTopic();
            if (v >= 13) {
                topic.setTopicId(new Uuid(random.nextLong(), random.nextLong()));
            } else {
                topic.setTopic(RandomWire.string(random));
            }
            for (int p = random.nextInt(4); p > 0; p--) {
                FetchRequestData.FetchPartition partition = new FetchRequestData.FetchPartition()
                    .setPartition(random.nextInt(10)).setFetchOffset(random.nextLong()).setPartitionMaxBytes(random.nextInt());
                if (v >= 9) {
                    partition.setCurrentLeaderEpoch(random.nextInt(5) - 1);
                }
                if (v >= 12) {
                    partition.setLastFetchedEpoch(random.nextInt(5) - 1);
                }
                if (v >= 5) {
                    partition.setLogStartOffset(random.nextLong());
                }
                if (v >= 17 && random.nextBoolean()) {
                    partition.setReplicaDirectoryId(new Uuid(random.nextLong(), random.nextLong()));
                }
                if (v >= 18 && random.nextBoolean()) {
                    partition.setHighWatermark(random.nextLong());
                }
                if (v >= 12 && random.nextInt(4) == 0) {
                    partition.unknownTaggedFields().add(new RawTaggedField(5 + random.nextInt(100), RandomWire.bytes(random, 9)));
                }
                topic.partitions().add(partition);
            }
            data.topics().add(topic);
        }
        if (v >= 7) {
            for (int t = random.nextInt(3); t > 0; t--) {
                FetchRequestData.ForgottenTopic forgotten = new FetchRequestData.ForgottenTopic();
                if (v >= 13) {
                    forgotten.setTopicId(new Uuid(random.nextLong(), random.nextLong()));
                } else {
                    forgotten.setTopic(RandomWire.string(random));
                }
                for (int p = random.nextInt(4); p > 0; p--) {
                    forgotten.partitions().add(random.nextInt(50));
                }
                data.forgottenTopicsData().add(forgotten);
            }
        }
        if (v >= 12 && random.nextInt(4) == 0) {
            data.unknownTaggedFields().add(new RawTaggedField(2 + random.nextInt(100), RandomWire.bytes(random, 30)));
        }
        return data;
    }

    private static String describe(FetchRequestData d, short v) {
        StringBuilder s = new StringBuilder().append(v >= 15 ? d.replicaState().replicaId() : d.replicaId()).append('|')
            .append(v >= 15 ? d.replicaState().replicaEpoch() : -1).append('|').append(d.maxWaitMs()).append('|')
            .append(d.minBytes()).append('|').append(d.maxBytes()).append('|').append(d.isolationLevel()).append('|')
            .append(d.sessionId()).append('|').append(d.sessionEpoch()).append('|').append(d.rackId()).append('|')
            .append(d.clusterId());
        for (FetchRequestData.FetchTopic t : d.topics()) {
            s.append("|topic ").append(v >= 13 ? t.topicId() : t.topic());
            for (FetchRequestData.FetchPartition p : t.partitions()) {
                s.append(" [").append(p.partition()).append(',').append(p.currentLeaderEpoch()).append(',').append(p.fetchOffset())
                    .append(',').append(p.lastFetchedEpoch()).append(',').append(p.logStartOffset()).append(',')
                    .append(p.partitionMaxBytes()).append(',').append(p.replicaDirectoryId()).append(',').append(p.highWatermark())
                    .append(']');
            }
        }
        for (FetchRequestData.ForgottenTopic t : d.forgottenTopicsData()) {
            s.append("|forget ").append(v >= 13 ? t.topicId() : t.topic()).append(' ').append(t.partitions());
        }
        return s.toString();
    }

    private static String describe(FetchRequest r, short v) {
        StringBuilder s = new StringBuilder().append(r.replicaId()).append('|').append(r.replicaEpoch()).append('|')
            .append(r.maxWaitMs()).append('|').append(r.minBytes()).append('|').append(r.maxBytes()).append('|')
            .append(r.isolationLevel()).append('|').append(r.sessionId()).append('|').append(r.sessionEpoch()).append('|')
            .append(r.rackId()).append('|').append(r.clusterId());
        for (int i = 0; i < r.topicCount(); i++) {
            FetchRequest.Topic t = r.topic(i);
            s.append("|topic ").append(v >= 13 ? t.id() : t.name());
            for (int p = 0; p < t.partitionCount(); p++) {
                s.append(" [").append(t.partition(p)).append(',').append(t.currentLeaderEpoch(p)).append(',').append(t.fetchOffset(p))
                    .append(',').append(t.lastFetchedEpoch(p)).append(',').append(t.logStartOffset(p)).append(',')
                    .append(t.partitionMaxBytes(p)).append(',').append(t.replicaDirectoryId(p)).append(',').append(t.highWatermark(p))
                    .append(']');
            }
        }
        for (int i = 0; i < r.forgottenCount(); i++) {
            FetchRequest.Topic t = r.forgotten(i);
            StringBuilder partitions = new StringBuilder("[");
            for (int p = 0; p < t.partitionCount(); p++) {
                partitions.append(p == 0 ? "" : ", ").append(t.partition(p));
            }
            s.append("|forget ").append(v >= 13 ? t.id() : t.name()).append(' ').append(partitions).append(']');
        }
        return s.toString();
    }

    private static byte[] kafkaFrame(int correlationId, short headerVersion, FetchResponseData body, short version) {
        byte[] header = RandomWire.kafkaBytes(new ResponseHeaderData().setCorrelationId(correlationId), headerVersion);
        byte[] bytes = RandomWire.kafkaBytes(body, version);
        return ByteBuffer.allocate(4 + header.length + bytes.length).putInt(header.length + bytes.length).put(header).put(bytes)
            .array();
    }

}

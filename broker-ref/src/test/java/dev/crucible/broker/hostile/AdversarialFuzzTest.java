package dev.crucible.broker.hostile;

import dev.crucible.broker.TestBroker;
import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.net.RawClient;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsRequestData;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.DeleteTopicsRequestData;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Well-formed but hostile requests at random, many at once on several connections, none answered
 * before the next is sent: CreateTopics with absurd partition counts, many topics and extreme configs
 * (file.delete.delay.ms=0, 1 KiB segments, retention 0), CreatePartitions, DeleteTopics of topics
 * others are producing to and long-polling, Produce with lying record counts, extra batches, unknown
 * codecs and far timestamps, Fetch with extreme sizes and offsets. Afterwards the broker answers,
 * holds no more partitions than its limit, keeps the untouched topic's records exactly, and starts
 * again on its data. Rounds: {@code -Dcrucible.fuzz.rounds} (the {@code fuzz} Maven profile raises it);
 * seed: {@code -Dcrucible.fuzz.seed}, printed.
 */
class AdversarialFuzzTest {
    static final int MAX_PARTITIONS = 400;
    static final String[] CONFIG_KEYS = {"segment.bytes", "file.delete.delay.ms", "retention.ms", "retention.bytes",
        "segment.index.bytes", "index.interval.bytes", "max.message.bytes", "segment.ms", "message.timestamp.after.max.ms"};
    static final String[] CONFIG_VALUES = {"0", "1", "-1", "48", "61", "1024", "1048576", "9223372036854775807",
        "-9223372036854775808", "not-a-number", ""};
    @TempDir
    Path dir;

    @Test
    void hostileButWellFormedRequestsLeaveTheBrokerServingAndTheOtherTopicIntact() throws Exception {
        long seed = Long.getLong("crucible.fuzz.seed", System.nanoTime());
        int rounds = Integer.getInteger("crucible.fuzz.rounds", 150);
        System.out.println("AdversarialFuzzTest seed " + seed + ", " + rounds + " rounds (rerun with -Dcrucible.fuzz.seed="
            + seed + ")");
        Random random = new Random(seed);
        BrokerLog.quiet(true);
        TestBroker broker = new TestBroker(dir, Map.of("max.broker.partitions", String.valueOf(MAX_PARTITIONS),
            "log.retention.check.interval.ms", "50"));
        try {
            List<String> expected;
            try (RawClient c = new RawClient(broker.port())) {
                assertThat(Wire.create(c, "kept", 1).errorCode()).isZero();
                for (int i = 0; i < 30; i++) {
                    assertThat(Wire.produce(c, "kept", 0, Wire.batch(i, 1, 200)).errorCode()).isZero();
                }
                expected = Wire.fetchAll(c, "kept");
            }
            assertThat(expected).hasSize(30).first().asString().startsWith("0:v0:");
            for (int round = 0; round < rounds; round++) {
                storm(broker.port(), random, round);
            }
            assertServing(broker.port(), expected);
            assertThat(broker.broker().topics().partitionCount()).isLessThanOrEqualTo(MAX_PARTITIONS);
            broker.restart();
            assertServing(broker.port(), expected);
        } finally {
            broker.close();
            BrokerLog.quiet(false);
        }
    }

    private static void assertServing(int port, List<String> expected) throws IOException {
        try (RawClient c = new RawClient(port)) {
            assertThat(c.call(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData().setClientSoftwareName("t")
                .setClientSoftwareVersion("1"), new ApiVersionsResponseData()).errorCode()).isZero();
            assertThat(Wire.fetchAll(c, "kept")).containsExactlyElementsOf(expected);
        }
    }

    /** One round: a few connections, each sending several hostile requests pipelined, then reading what comes. */
    private static void storm(int port, Random random, int round) throws IOException {
        List<RawClient> clients = new ArrayList<>();
        try {
            int[] answers = new int[3];
            for (int c = 0; c < answers.length; c++) {
                RawClient client = new RawClient(port);
                clients.add(client);
                for (int i = 0; i < 4; i++) {
                    ApiKeys[] api = new ApiKeys[1];
                    ApiMessage request = hostile(random, round, api);
                    client.sendRaw(RawClient.frame(api[0], version(api[0]), i, request));
                    boolean unanswered = request instanceof ProduceRequestData p && p.acks() == 0;
                    answers[c] += unanswered ? 0 : 1;
                }
            }
            for (int c = 0; c < answers.length; c++) {
                for (int i = 0; i < answers[c]; i++) {
                    clients.get(c).readFrame(); // any answer will do; a closed connection is an answer too
                }
            }
        } catch (IOException e) {
            // refused: fine, as long as the broker goes on serving (checked at the end)
        } finally {
            for (RawClient client : clients) {
                client.close();
            }
        }
    }

    private static short version(ApiKeys api) {
        return switch (api) {
            case CREATE_TOPICS -> Wire.CREATE_V;
            case DELETE_TOPICS -> Wire.DELETE_V;
            case PRODUCE -> Wire.PRODUCE_V;
            case FETCH -> Wire.FETCH_V;
            default -> (short) 3;
        };
    }

    private static String topic(Random random) {
        return "fuzz-" + random.nextInt(6);
    }

    private static ApiMessage hostile(Random random, int round, ApiKeys[] api) {
        switch (random.nextInt(6)) {
            case 0 -> {
                api[0] = ApiKeys.CREATE_TOPICS;
                return createTopics(random);
            }
            case 1 -> {
                api[0] = ApiKeys.DELETE_TOPICS;
                DeleteTopicsRequestData delete = new DeleteTopicsRequestData().setTimeoutMs(5_000);
                delete.topics().add(new DeleteTopicsRequestData.DeleteTopicState().setName(topic(random)));
                return delete;
            }
            case 2 -> {
                api[0] = ApiKeys.CREATE_PARTITIONS;
                CreatePartitionsRequestData grow = new CreatePartitionsRequestData().setTimeoutMs(5_000)
                    .setValidateOnly(random.nextBoolean());
                grow.topics().add(new CreatePartitionsRequestData.CreatePartitionsTopic().setName(topic(random))
                    .setCount(pick(random, -1, 0, 2, 7, 50_000, Integer.MAX_VALUE)));
                return grow;
            }
            case 3, 4 -> {
                api[0] = ApiKeys.PRODUCE;
                return produce(random);
            }
            default -> {
                api[0] = ApiKeys.FETCH;
                FetchRequestData fetch = Wire.fetch(topic(random), pick(random, -1, 0, 3, 1L << 40), pick(random, 0, 1, 1 << 30),
                    random.nextInt(300));
                fetch.setMaxBytes(pick(random, 0, 1, 100, Integer.MAX_VALUE));
                fetch.topics().get(0).partitions().get(0).setPartition(pick(random, -1, 0, 1, 999))
                    .setPartitionMaxBytes(pick(random, 0, 1, Integer.MAX_VALUE));
                return fetch;
            }
        }
    }

    private static CreateTopicsRequestData createTopics(Random random) {
        CreateTopicsRequestData create = new CreateTopicsRequestData().setTimeoutMs(5_000).setValidateOnly(random.nextInt(4) == 0);
        int topics = random.nextInt(10) == 0 ? 300 : 1; // sometimes many topics in one request
        for (int t = 0; t < topics; t++) {
            CreateTopicsRequestData.CreatableTopic topic = new CreateTopicsRequestData.CreatableTopic()
                .setName(topics == 1 ? topic(random) : "many-" + t)
                .setNumPartitions(pick(random, -1, 0, 1, 3, 40_000, Integer.MAX_VALUE, -7))
                .setReplicationFactor((short) pick(random, -1, 1, 3, 0));
            if (random.nextBoolean()) {
                topic.configs().add(new CreateTopicsRequestData.CreatableTopicConfig()
                    .setName(CONFIG_KEYS[random.nextInt(CONFIG_KEYS.length)])
                    .setValue(CONFIG_VALUES[random.nextInt(CONFIG_VALUES.length)]));
            }
            create.topics().add(topic);
        }
        return create;
    }

    private static ProduceRequestData produce(Random random) {
        long now = System.currentTimeMillis();
        ByteBuffer batch = LyingBatches.honest(random.nextBoolean() ? Compression.NONE : Compression.lz4().build(),
            pick(random, now, now + 86_400_000L, -1L, 0L), "a", "b", "c");
        switch (random.nextInt(4)) {
            case 0 -> batch = LyingBatches.claimingCount(batch, pick(random, 0, 1, 2, 4, Integer.MAX_VALUE, 1 << 20));
            case 1 -> batch = LyingBatches.concat(batch, LyingBatches.claimingCount(batch, Integer.MAX_VALUE));
            case 2 -> batch = LyingBatches.withCodec(batch, random.nextInt(8));
            default -> { }
        }
        ProduceRequestData data = new ProduceRequestData().setAcks((short) pick(random, -1, 0, 1, 2)).setTimeoutMs(5_000);
        ProduceRequestData.TopicProduceData t = new ProduceRequestData.TopicProduceData().setName(topic(random));
        t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(pick(random, 0, 1, -1, 5))
            .setRecords(MemoryRecords.readableRecords(batch)));
        data.topicData().add(t);
        return data;
    }

    private static int pick(Random random, int... values) {
        return values[random.nextInt(values.length)];
    }

    private static long pick(Random random, long... values) {
        return values[random.nextInt(values.length)];
    }
}

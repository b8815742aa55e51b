package dev.crucible.broker.hostile;

import dev.crucible.broker.TestBroker;
import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.net.RawClient;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Produce requests built to hurt: lying record counts with valid CRCs, several batches where Kafka
 * allows one, unknown codecs, timestamps far off. Each is refused with Kafka's error before a byte is
 * written, and the partition keeps serving: before these checks, a lying count followed by a second
 * batch overflowed the index after the bytes were written and failed the partition until restart.
 */
class HostileProduceTest {
    @TempDir
    Path dir;
    private TestBroker broker;
    private RawClient client;

    @BeforeEach
    void start() throws Exception {
        BrokerLog.quiet(true);
        broker = new TestBroker(dir);
        client = new RawClient(broker.port());
        assertThat(Wire.create(client, "t", 1).errorCode()).isZero();
        assertThat(produce(9, honest("before")).errorCode()).isZero();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        broker.close();
        BrokerLog.quiet(false);
    }

    private static ByteBuffer honest(String... values) {
        return LyingBatches.honest(Compression.NONE, System.currentTimeMillis(), values);
    }

    private ProduceResponseData.PartitionProduceResponse produce(int version, ByteBuffer records) throws Exception {
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000);
        ProduceRequestData.TopicProduceData t = new ProduceRequestData.TopicProduceData().setName("t");
        t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0)
            .setRecords(MemoryRecords.readableRecords(records)));
        data.topicData().add(t);
        ProduceResponseData r = client.call(ApiKeys.PRODUCE, (short) version, data, new ProduceResponseData());
        return r.responses().iterator().next().partitionResponses().get(0);
    }

    /** After every refusal: nothing of it in the log, and the partition still takes writes. */
    private void assertUnharmed() throws Exception {
        assertThat(produce(9, honest("after")).errorCode()).as("the partition still takes writes").isZero();
        assertThat(Wire.fetchAll(client, "t")).containsExactly("0:before", "1:after");
    }

    @Test
    void aHugeClaimedCountFollowedByASecondBatchIsRefusedAndThePartitionLives() throws Exception {
        ByteBuffer lie = LyingBatches.claimingCount(honest("x"), Integer.MAX_VALUE);
        ProduceResponseData.PartitionProduceResponse v9 = produce(9, LyingBatches.concat(lie, honest("y")));
        assertThat(Errors.forCode(v9.errorCode())).isEqualTo(Errors.INVALID_RECORD);
        assertThat(v9.errorMessage()).contains("exactly one record batch");
        ProduceResponseData.PartitionProduceResponse v3 = produce(3, lie);
        assertThat(Errors.forCode(v3.errorCode())).as("the lie alone").isEqualTo(Errors.INVALID_RECORD);
        assertThat(v3.errorMessage()).isNull(); // messages exist from v8 only
        assertUnharmed();
    }

    @Test
    void aCountThatLiesEitherWayIsRefused() throws Exception {
        assertThat(Errors.forCode(produce(9, LyingBatches.claimingCount(honest("a", "b", "c"), 2)).errorCode()))
            .isEqualTo(Errors.INVALID_RECORD);
        ProduceResponseData.PartitionProduceResponse more = produce(9, LyingBatches.claimingCount(honest("a"), 1_000_000));
        assertThat(Errors.forCode(more.errorCode())).isEqualTo(Errors.INVALID_RECORD);
        assertThat(more.errorMessage()).contains("1000000");
        assertUnharmed();
    }

    @Test
    void aCompressedBatchWithALyingCountIsRefused() throws Exception {
        for (Compression c : new Compression[] {Compression.gzip().build(), Compression.lz4().build(), Compression.zstd().build()}) {
            ByteBuffer lie = LyingBatches.claimingCount(LyingBatches.honest(c, System.currentTimeMillis(), "a", "b"), 50_000);
            assertThat(Errors.forCode(produce(9, lie).errorCode())).as(c.type().name).isEqualTo(Errors.INVALID_RECORD);
        }
        assertUnharmed();
    }

    @Test
    void unknownCodecsAndZstdOnOldVersionsAreRefused() throws Exception {
        assertThat(Errors.forCode(produce(9, LyingBatches.withCodec(honest("a"), 6)).errorCode())).isEqualTo(Errors.CORRUPT_MESSAGE);
        ByteBuffer zstd = LyingBatches.honest(Compression.zstd().build(), System.currentTimeMillis(), "z");
        assertThat(Errors.forCode(produce(6, zstd).errorCode())).isEqualTo(Errors.UNSUPPORTED_COMPRESSION_TYPE);
        assertUnharmed();
    }

    @Test
    void aDamagedBatchIsStillCorruptNotInvalid() throws Exception {
        ByteBuffer damaged = LyingBatches.claimingCount(honest("a"), 7);
        damaged.put(LyingBatches.CRC, (byte) (damaged.get(LyingBatches.CRC) ^ 1));
        assertThat(Errors.forCode(produce(9, damaged).errorCode())).isEqualTo(Errors.CORRUPT_MESSAGE);
        assertUnharmed();
    }

    @Test
    void timestampsFarInTheFutureAreRefusedByDefaultAndThePastIsAllowed() throws Exception {
        long now = System.currentTimeMillis();
        ProduceResponseData.PartitionProduceResponse future =
            produce(9, LyingBatches.honest(Compression.NONE, now + 2 * 3_600_000L, "late"));
        assertThat(Errors.forCode(future.errorCode())).isEqualTo(Errors.INVALID_TIMESTAMP);
        assertThat(future.errorMessage()).contains("message.timestamp.after.max.ms=3600000");
        assertThat(produce(9, LyingBatches.honest(Compression.NONE, now - 400L * 24 * 3_600_000, "old")).errorCode()).isZero();
    }

    @Test
    void aTopicsOwnTimestampWindowIsHonoured() throws Exception {
        assertThat(Wire.create(client, "strict", 1, "message.timestamp.before.max.ms", "60000").errorCode()).isZero();
        ProduceRequestData data = new ProduceRequestData().setAcks((short) -1).setTimeoutMs(10_000);
        ProduceRequestData.TopicProduceData t = new ProduceRequestData.TopicProduceData().setName("strict");
        t.partitionData().add(new ProduceRequestData.PartitionProduceData().setIndex(0).setRecords(MemoryRecords.readableRecords(
            LyingBatches.honest(Compression.NONE, System.currentTimeMillis() - 3_600_000, "hour-old"))));
        data.topicData().add(t);
        ProduceResponseData r = client.call(ApiKeys.PRODUCE, (short) 9, data, new ProduceResponseData());
        assertThat(Errors.forCode(r.responses().iterator().next().partitionResponses().get(0).errorCode()))
            .isEqualTo(Errors.INVALID_TIMESTAMP);
    }
}

package dev.crucible.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.junit.jupiter.api.Test;

/** The admin nemesis's adversarial requests are well-formed and say exactly the lie intended. */
class AdversarialRequestsTest {

    private static List<MutableRecordBatch> batches(ByteBuffer b) {
        List<MutableRecordBatch> out = new ArrayList<>();
        MemoryRecords.readableRecords(b.duplicate()).batches().forEach(out::add);
        return out;
    }

    @Test
    void lyingBatchPassesItsCrcCheckAndClaimsTheRecordCountAsked() {
        ByteBuffer lie = AdversarialRequests.lyingBatch(Integer.MAX_VALUE - 1);
        List<MutableRecordBatch> bs = batches(lie);
        assertThat(bs).hasSize(1);
        MutableRecordBatch b = bs.get(0);
        b.ensureValid(); // CRC-32C over attributes..end matches: only the header's claims give it away
        assertThat(b.isValid()).isTrue();
        assertThat(b.magic()).isEqualTo((byte) 2);
        assertThat(b.countOrNull()).isEqualTo(Integer.MAX_VALUE - 1);
        assertThat(b.lastOffset() - b.baseOffset()).isEqualTo(Integer.MAX_VALUE - 2L);
        // It holds only 3 records, far fewer than it claims.
        assertThat(b.sizeInBytes()).isLessThan(300);
        assertThat(lie.remaining()).isEqualTo(b.sizeInBytes());
    }

    @Test
    void honestBatchIsValidAndCountsItsRecords() {
        MutableRecordBatch b = batches(AdversarialRequests.honestBatch(2, "x")).get(0);
        b.ensureValid();
        assertThat(b.countOrNull()).isEqualTo(2);
        assertThat(b.lastOffset() - b.baseOffset()).isEqualTo(1);
    }

    @Test
    void concatenatedRecordsHoldTheLieThenTheHonestBatch() {
        ByteBuffer both = AdversarialRequests.concat(AdversarialRequests.lyingBatch(1_000_000),
                AdversarialRequests.honestBatch(2, "x"));
        List<MutableRecordBatch> bs = batches(both);
        assertThat(bs).hasSize(2);
        bs.forEach(MutableRecordBatch::ensureValid);
        assertThat(bs.get(0).countOrNull()).isEqualTo(1_000_000);
        assertThat(bs.get(1).countOrNull()).isEqualTo(2);
    }

    @Test
    void produceHasOneEntryPerBatchForTheSamePartitionAndSurvivesTheWire() {
        ProduceRequestData req = AdversarialRequests.produce("side", List.of(AdversarialRequests.lyingBatch(5),
                AdversarialRequests.honestBatch(1, "x")), 30_000);
        short v = 12;
        ProduceRequestData back = roundTrip(req, v);
        ProduceRequestData.TopicProduceData t = back.topicData().iterator().next();
        assertThat(t.name()).isEqualTo("side");
        assertThat(t.partitionData()).hasSize(2).allSatisfy(p -> assertThat(p.index()).isZero());
        assertThat(back.acks()).isEqualTo((short) -1);
        MemoryRecords first = (MemoryRecords) t.partitionData().get(0).records();
        first.batches().forEach(b -> {
            b.ensureValid();
            assertThat(b.countOrNull()).isEqualTo(5);
        });
    }

    @Test
    void createTopicsCarriesEveryTopicAndThePartitionCount() {
        List<String> names = AdversarialRequests.names("crucible-admin-1-x-r1-many", 2_000);
        CreateTopicsRequestData many = roundTrip(AdversarialRequests.createTopics(names, 1, true, 30_000), (short) 7);
        assertThat(many.topics()).hasSize(2_000);
        assertThat(many.validateOnly()).isTrue();
        assertThat(many.topics().find("crucible-admin-1-x-r1-many-1999")).isNotNull();
        CreateTopicsRequestData huge = roundTrip(AdversarialRequests.createTopics(List.of("h"), 40_000, false, 30_000),
                (short) 7);
        assertThat(huge.topics().iterator().next().numPartitions()).isEqualTo(40_000);
        assertThat(huge.validateOnly()).isFalse();
    }

    @Test
    void framesCarryTheirSizeAndApiKey() {
        byte[] f = RawKafka.frame(ApiKeys.CREATE_TOPICS, (short) 7, 9,
                AdversarialRequests.createTopics(List.of("h"), 40_000, true, 1_000));
        ByteBuffer b = ByteBuffer.wrap(f);
        assertThat(b.getInt()).isEqualTo(f.length - 4);
        assertThat(b.getShort()).isEqualTo(ApiKeys.CREATE_TOPICS.id);
        assertThat(b.getShort()).isEqualTo((short) 7);
        assertThat(b.getInt()).isEqualTo(9);
    }

    @SuppressWarnings("unchecked")
    private static <T extends org.apache.kafka.common.protocol.ApiMessage> T roundTrip(T msg, short version) {
        org.apache.kafka.common.protocol.ObjectSerializationCache cache =
                new org.apache.kafka.common.protocol.ObjectSerializationCache();
        ByteBuffer buf = ByteBuffer.allocate(msg.size(cache, version));
        msg.write(new ByteBufferAccessor(buf), cache, version);
        buf.flip();
        if (msg instanceof ProduceRequestData) {
            ProduceRequestData r = new ProduceRequestData();
            r.read(new ByteBufferAccessor(buf), version);
            return (T) r;
        }
        CreateTopicsRequestData r = new CreateTopicsRequestData();
        r.read(new ByteBufferAccessor(buf), version);
        return (T) r;
    }
}

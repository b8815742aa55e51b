package dev.crucible.chaos.nemesis;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.CreateTopicsRequestData;
import org.apache.kafka.common.message.ProduceRequestData;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.utils.Crc32C;

/**
 * Well-formed requests a broker must refuse or survive: CreateTopics far beyond sane sizes, and a
 * Produce whose record batch lies about how many records it holds. Pure builders; the admin
 * nemesis sends them.
 *
 * <p>The lying batch is a real v2 batch of a few records whose header then claims far more
 * (offsets in the batch, as in Kafka's {@code DefaultRecordBatch}):
 * <pre>
 *   offset  size  field               covered by the CRC
 *   0       8     baseOffset          no
 *   8       4     length              no
 *   12      4     partitionLeaderEpoch no
 *   16      1     magic (2)           no
 *   17      4     crc (CRC-32C)       -
 *   21      2     attributes          yes, from here to the end
 *   23      4     lastOffsetDelta     yes   (claimed - 1)
 *   27..56        timestamps, producer id/epoch, base sequence
 *   57      4     recordsCount        yes   (claimed)
 *   61      ...   records             yes   (the few real ones)
 * </pre>
 * The CRC is computed again over the lie, so the batch passes a CRC check and only a broker that
 * compares the header with the records it holds can tell.
 */
final class AdversarialRequests {
    static final int LAST_OFFSET_DELTA_OFFSET = 23;
    static final int CRC_OFFSET = 17;
    static final int CRC_COVERED_FROM = 21;
    static final int RECORDS_COUNT_OFFSET = 57;

    private AdversarialRequests() {}

    /** One CreateTopics for {@code names}, each with {@code partitions} partitions and one replica. */
    static CreateTopicsRequestData createTopics(List<String> names, int partitions, boolean validateOnly,
            int timeoutMs) {
        CreateTopicsRequestData.CreatableTopicCollection topics = new CreateTopicsRequestData.CreatableTopicCollection();
        for (String n : names) {
            topics.add(new CreateTopicsRequestData.CreatableTopic().setName(n).setNumPartitions(partitions)
                    .setReplicationFactor((short) 1));
        }
        return new CreateTopicsRequestData().setTopics(topics).setTimeoutMs(timeoutMs).setValidateOnly(validateOnly);
    }

    /** {@code count} topic names: {@code prefix}-0 .. {@code prefix}-(count-1). */
    static List<String> names(String prefix, int count) {
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(prefix + "-" + i);
        }
        return out;
    }

    /** An honest v2 batch of {@code records} small uncompressed records (no producer id). */
    static ByteBuffer honestBatch(int records, String text) {
        SimpleRecord[] rs = new SimpleRecord[records];
        for (int i = 0; i < records; i++) {
            rs[i] = new SimpleRecord((text + " " + i).getBytes(StandardCharsets.UTF_8));
        }
        return MemoryRecords.withRecords(Compression.NONE, rs).buffer();
    }

    /** A batch of 3 records whose header claims {@code claimedRecords}, with a CRC-32C valid over the lie. */
    static ByteBuffer lyingBatch(int claimedRecords) {
        ByteBuffer b = honestBatch(3, "crucible admin nemesis: this batch claims " + claimedRecords + " records");
        b.putInt(LAST_OFFSET_DELTA_OFFSET, claimedRecords - 1);
        b.putInt(RECORDS_COUNT_OFFSET, claimedRecords);
        b.putInt(CRC_OFFSET, (int) Crc32C.compute(b, CRC_COVERED_FROM, b.limit() - CRC_COVERED_FROM));
        return b;
    }

    /** The batches one after the other, as one records field. */
    static ByteBuffer concat(ByteBuffer... batches) {
        int size = 0;
        for (ByteBuffer b : batches) {
            size += b.remaining();
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        for (ByteBuffer b : batches) {
            out.put(b.duplicate());
        }
        return out.flip();
    }

    /**
     * One Produce (acks=all) to partition 0 of {@code topic}: one partition entry per element of
     * {@code entries}, so two elements put two entries for the same partition in one request.
     */
    static ProduceRequestData produce(String topic, List<ByteBuffer> entries, int timeoutMs) {
        List<ProduceRequestData.PartitionProduceData> partitions = new ArrayList<>();
        for (ByteBuffer e : entries) {
            partitions.add(new ProduceRequestData.PartitionProduceData().setIndex(0)
                    .setRecords(MemoryRecords.readableRecords(e.duplicate())));
        }
        ProduceRequestData.TopicProduceDataCollection topics = new ProduceRequestData.TopicProduceDataCollection();
        topics.add(new ProduceRequestData.TopicProduceData().setName(topic).setPartitionData(partitions));
        return new ProduceRequestData().setAcks((short) -1).setTimeoutMs(timeoutMs).setTopicData(topics);
    }
}

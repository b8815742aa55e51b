package dev.crucible.bench;

import dev.crucible.io.RecordBatch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import java.util.zip.CRC32C;

/**
 * Builds one valid, uncompressed Apache Kafka record batch (magic 2) of an exact total size: one record
 * whose value is seeded random bytes. Benchmarks copy it into pooled buffers, as a produce request
 * would carry it. The header is written through {@link RecordBatch}'s offsets (the one owner of the
 * layout) with: base offset 0 (the log assigns it), leader epoch -1, attributes 0 (no compression,
 * CreateTime, not transactional), lastOffsetDelta 0, both timestamps {@code timestampMs}, no producer
 * id, epoch or sequence (-1), record count 1. The record after it, fields as zigzag varints unless noted:
 *
 * <pre>
 * length | attributes (int8, 0) | timestampDelta 0 | offsetDelta 0
 * | keyLength (-1 for no key, or 1 plus one key byte) | key | valueLength | value | headerCount 0
 * </pre>
 *
 * The one-byte key exists only to hit sizes that a varint length boundary would otherwise skip.
 */
final class V2BatchBuilder {
    /** Smallest batch this builds: the header plus a record with no key and an empty value. */
    static final int MIN_TOTAL_BYTES = RecordBatch.HEADER_SIZE + 1 + 6;
    private static final int NO_KEY = -1;

    private V2BatchBuilder() {
    }

    /**
     * A new direct, big-endian buffer holding exactly one batch of {@code totalBytes}, position 0, limit
     * {@code totalBytes}. Callers copy from it with absolute gets and must not change it.
     */
    static ByteBuffer build(int totalBytes, long seed, long timestampMs) {
        if (totalBytes < MIN_TOTAL_BYTES) {
            throw new IllegalArgumentException("a batch needs at least " + MIN_TOTAL_BYTES + " bytes, asked " + totalBytes);
        }
        int[] keyAndValue = layout(totalBytes);
        int keyBytes = keyAndValue[0];
        int valueBytes = keyAndValue[1];
        Random random = new Random(seed);
        ByteBuffer buf = ByteBuffer.allocateDirect(totalBytes).order(ByteOrder.BIG_ENDIAN);
        putHeader(buf, totalBytes, timestampMs);
        putVarint(buf, recordBodySize(keyBytes, valueBytes));
        buf.put((byte) 0);
        putVarint(buf, 0);
        putVarint(buf, 0);
        putVarint(buf, keyBytes);
        putRandom(buf, random, Math.max(keyBytes, 0));
        putVarint(buf, valueBytes);
        putRandom(buf, random, valueBytes);
        putVarint(buf, 0);
        if (buf.position() != totalBytes) {
            throw new IllegalStateException("built " + buf.position() + " bytes, wanted " + totalBytes);
        }
        buf.flip();
        buf.putInt(RecordBatch.CRC_OFFSET, RecordBatch.computeCrc(new CRC32C(), buf, 0, totalBytes));
        RecordBatch.validate(new CRC32C(), buf, 0, totalBytes, Integer.MAX_VALUE);
        return buf;
    }

    /** Value bytes of the record inside a batch of {@code totalBytes}. */
    static int valueBytes(int totalBytes) {
        return layout(totalBytes)[1];
    }

    /** The fixed header through {@link RecordBatch}'s offsets (the CRC is filled in last); position after it. */
    private static void putHeader(ByteBuffer buf, int totalBytes, long timestampMs) {
        buf.putLong(RecordBatch.BASE_OFFSET_OFFSET, 0L);
        buf.putInt(RecordBatch.LENGTH_OFFSET, totalBytes - RecordBatch.LOG_OVERHEAD);
        buf.putInt(RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, -1);
        buf.put(RecordBatch.MAGIC_OFFSET, RecordBatch.CURRENT_MAGIC);
        buf.putInt(RecordBatch.CRC_OFFSET, 0);
        buf.putShort(RecordBatch.ATTRIBUTES_OFFSET, (short) 0);
        buf.putInt(RecordBatch.LAST_OFFSET_DELTA_OFFSET, 0);
        buf.putLong(RecordBatch.BASE_TIMESTAMP_OFFSET, timestampMs);
        buf.putLong(RecordBatch.MAX_TIMESTAMP_OFFSET, timestampMs);
        buf.putLong(RecordBatch.PRODUCER_ID_OFFSET, RecordBatch.NO_PRODUCER_ID);
        buf.putShort(RecordBatch.PRODUCER_EPOCH_OFFSET, (short) -1);
        buf.putInt(RecordBatch.BASE_SEQUENCE_OFFSET, RecordBatch.NO_SEQUENCE);
        buf.putInt(RecordBatch.RECORD_COUNT_OFFSET, 1);
        buf.position(RecordBatch.HEADER_SIZE);
    }

    /** {key bytes or -1, value bytes} that make the batch exactly {@code totalBytes} long. */
    private static int[] layout(int totalBytes) {
        for (int value = totalBytes - MIN_TOTAL_BYTES; value >= 0; value--) {
            if (batchSize(NO_KEY, value) == totalBytes) {
                return new int[] {NO_KEY, value};
            }
            if (batchSize(1, value) == totalBytes) {
                return new int[] {1, value};
            }
        }
        throw new IllegalStateException("no record layout gives a batch of " + totalBytes + " bytes");
    }

    private static int batchSize(int keyBytes, int valueBytes) {
        int body = recordBodySize(keyBytes, valueBytes);
        return RecordBatch.HEADER_SIZE + varintSize(body) + body;
    }

    /** Record bytes after its length field. */
    private static int recordBodySize(int keyBytes, int valueBytes) {
        return 1 + varintSize(0) + varintSize(0) + varintSize(keyBytes) + Math.max(keyBytes, 0)
            + varintSize(valueBytes) + valueBytes + varintSize(0);
    }

    static int varintSize(int value) {
        int zigzag = (value << 1) ^ (value >> 31);
        int bytes = 1;
        while ((zigzag & 0xffffff80) != 0) {
            bytes++;
            zigzag >>>= 7;
        }
        return bytes;
    }

    static void putVarint(ByteBuffer buf, int value) {
        int zigzag = (value << 1) ^ (value >> 31);
        while ((zigzag & 0xffffff80) != 0) {
            buf.put((byte) ((zigzag & 0x7f) | 0x80));
            zigzag >>>= 7;
        }
        buf.put((byte) zigzag);
    }

    private static void putRandom(ByteBuffer buf, Random random, int count) {
        byte[] bytes = new byte[count];
        random.nextBytes(bytes);
        buf.put(bytes);
    }
}

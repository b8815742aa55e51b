package dev.crucible.broker.hostile;

import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/** Well-formed record batches whose headers lie, each with a correct CRC32C, as an attacker would send them. */
public final class LyingBatches {
    static final int LAST_OFFSET_DELTA = 23;
    static final int BASE_TIMESTAMP = 27;
    static final int MAX_TIMESTAMP = 35;
    static final int RECORD_COUNT = 57;
    static final int ATTRIBUTES = 21;
    static final int CRC = 17;

    private LyingBatches() {
    }

    /** One honest batch of the given values, uncompressed or compressed. */
    public static ByteBuffer honest(Compression compression, long timestamp, String... values) {
        SimpleRecord[] records = new SimpleRecord[values.length];
        for (int i = 0; i < values.length; i++) {
            records[i] = new SimpleRecord(timestamp, null, values[i].getBytes(StandardCharsets.UTF_8));
        }
        ByteBuffer buf = MemoryRecords.withRecords(Compression.NONE.equals(compression) ? Compression.NONE : compression,
            records).buffer();
        return ByteBuffer.allocate(buf.remaining()).put(buf).flip();
    }

    /** The batch claims {@code count} records (and a matching lastOffsetDelta) whatever it holds. */
    public static ByteBuffer claimingCount(ByteBuffer batch, int count) {
        ByteBuffer b = copy(batch);
        b.putInt(RECORD_COUNT, count);
        b.putInt(LAST_OFFSET_DELTA, count - 1);
        return resealed(b);
    }

    /** The batch's compression codec bits set to {@code codec}. */
    public static ByteBuffer withCodec(ByteBuffer batch, int codec) {
        ByteBuffer b = copy(batch);
        b.putShort(ATTRIBUTES, (short) ((b.getShort(ATTRIBUTES) & ~0x07) | codec));
        return resealed(b);
    }

    /** Several batches back to back, as one partition's records. */
    public static ByteBuffer concat(ByteBuffer... batches) {
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

    /** Recomputes the CRC32C over attributes to end, as the producer would have. */
    public static ByteBuffer resealed(ByteBuffer b) {
        CRC32C crc = new CRC32C();
        crc.update(b.duplicate().position(ATTRIBUTES));
        b.putInt(CRC, (int) crc.getValue());
        return b;
    }

    private static ByteBuffer copy(ByteBuffer batch) {
        return ByteBuffer.allocate(batch.remaining()).put(batch.duplicate()).flip();
    }
}

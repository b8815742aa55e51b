package dev.crucible.broker.producer;

import dev.crucible.io.RecordBatch;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Stamps a batch with the broker's append time, as Kafka does on a topic with
 * {@code message.timestamp.type=LogAppendTime}: the timestamp-type attribute bit is set and the
 * batch's max timestamp becomes the append time; the base timestamp and the records are left alone
 * (a reader takes every record's timestamp from the max timestamp when the bit is set). Both fields
 * are inside the CRC, so the CRC32C is recomputed. Nothing is decompressed: compressed batches cost the
 * same CRC pass as plain ones.
 */
final class LogAppendTime {
    private LogAppendTime() {
    }

    static void stamp(CRC32C crc, ByteBuffer buf, int at, int totalSize, long appendTimeMs) {
        int attributes = RecordBatch.attributes(buf, at) | RecordBatch.TIMESTAMP_TYPE_BIT;
        buf.putShort(at + RecordBatch.ATTRIBUTES_OFFSET, (short) attributes);
        buf.putLong(at + RecordBatch.MAX_TIMESTAMP_OFFSET, appendTimeMs);
        buf.putInt(at + RecordBatch.CRC_OFFSET, RecordBatch.computeCrc(crc, buf, at, totalSize));
    }
}

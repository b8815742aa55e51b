package dev.crucible.io;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The layout of an Apache Kafka record batch, magic 2, as it sits on disk and on the wire.
 *
 * <pre>
 * offset  size  field
 *      0     8  baseOffset            assigned by the log; outside the CRC
 *      8     4  batchLength           bytes that follow this field
 *     12     4  partitionLeaderEpoch  outside the CRC
 *     16     1  magic                 must be 2
 *     17     4  crc                   CRC32C of bytes [21, end)
 *     21     2  attributes            bits 0-2 compression (0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd),
 *                                       3 timestamp type (1 = LogAppendTime), 4 transactional,
 *                                       5 control, 6 delete horizon set
 *     23     4  lastOffsetDelta
 *     27     8  baseTimestamp
 *     35     8  maxTimestamp
 *     43     8  producerId            -1 when the producer is not idempotent
 *     51     2  producerEpoch
 *     53     4  baseSequence          sequence number of the first record; -1 when not idempotent
 *     57     4  recordCount
 *     61     -  records (possibly compressed; never touched by the engine)
 * </pre>
 *
 * <p>The one description of this layout in the project: the engine, the broker's produce checks and
 * producer state, and the benchmarks' batch builder all read and write batches through these offsets.
 *
 * <p>All accessors are absolute reads on a big-endian buffer: they neither move the buffer's position
 * nor allocate. The engine treats the records section as opaque bytes.
 */
public final class RecordBatch {
    public static final int BASE_OFFSET_OFFSET = 0;
    public static final int LENGTH_OFFSET = 8;
    /** Bytes before the part counted by {@code batchLength}: base offset and the length itself. */
    public static final int LOG_OVERHEAD = 12;
    public static final int PARTITION_LEADER_EPOCH_OFFSET = 12;
    public static final int MAGIC_OFFSET = 16;
    public static final int CRC_OFFSET = 17;
    public static final int ATTRIBUTES_OFFSET = 21;
    public static final int LAST_OFFSET_DELTA_OFFSET = 23;
    public static final int BASE_TIMESTAMP_OFFSET = 27;
    public static final int MAX_TIMESTAMP_OFFSET = 35;
    public static final int PRODUCER_ID_OFFSET = 43;
    public static final int PRODUCER_EPOCH_OFFSET = 51;
    public static final int BASE_SEQUENCE_OFFSET = 53;
    public static final int RECORD_COUNT_OFFSET = 57;
    /** Size of the fixed header; the smallest possible batch (no records). */
    public static final int HEADER_SIZE = 61;
    /** Smallest legal value of the {@code batchLength} field. */
    public static final int MIN_BATCH_LENGTH = HEADER_SIZE - LOG_OVERHEAD;
    public static final byte CURRENT_MAGIC = 2;
    /** Attribute bits 0-2: the compression codec id. */
    public static final int COMPRESSION_MASK = 0x07;
    /** Attribute bit 3: timestamps are the broker's (LogAppendTime), not the producer's. */
    public static final int TIMESTAMP_TYPE_BIT = 0x08;
    public static final int TRANSACTIONAL_BIT = 0x10;
    public static final int CONTROL_BIT = 0x20;
    /** producerId and baseSequence of a batch from a producer that is not idempotent. */
    public static final long NO_PRODUCER_ID = -1;
    public static final int NO_SEQUENCE = -1;

    private RecordBatch() {
    }

    public static long baseOffset(ByteBuffer buf, int at) {
        return buf.getLong(at + BASE_OFFSET_OFFSET);
    }

    /** Whole size of the batch at {@code at}: the length field plus {@link #LOG_OVERHEAD}. */
    public static int totalSize(ByteBuffer buf, int at) {
        return buf.getInt(at + LENGTH_OFFSET) + LOG_OVERHEAD;
    }

    public static byte magic(ByteBuffer buf, int at) {
        return buf.get(at + MAGIC_OFFSET);
    }

    public static int storedCrc(ByteBuffer buf, int at) {
        return buf.getInt(at + CRC_OFFSET);
    }

    public static int partitionLeaderEpoch(ByteBuffer buf, int at) {
        return buf.getInt(at + PARTITION_LEADER_EPOCH_OFFSET);
    }

    /** The 16-bit attributes field, as an unsigned value. */
    public static int attributes(ByteBuffer buf, int at) {
        return buf.getShort(at + ATTRIBUTES_OFFSET) & 0xFFFF;
    }

    public static long baseTimestamp(ByteBuffer buf, int at) {
        return buf.getLong(at + BASE_TIMESTAMP_OFFSET);
    }

    public static long producerId(ByteBuffer buf, int at) {
        return buf.getLong(at + PRODUCER_ID_OFFSET);
    }

    public static short producerEpoch(ByteBuffer buf, int at) {
        return buf.getShort(at + PRODUCER_EPOCH_OFFSET);
    }

    public static int baseSequence(ByteBuffer buf, int at) {
        return buf.getInt(at + BASE_SEQUENCE_OFFSET);
    }

    public static int lastOffsetDelta(ByteBuffer buf, int at) {
        return buf.getInt(at + LAST_OFFSET_DELTA_OFFSET);
    }

    public static long maxTimestamp(ByteBuffer buf, int at) {
        return buf.getLong(at + MAX_TIMESTAMP_OFFSET);
    }

    public static int recordCount(ByteBuffer buf, int at) {
        return buf.getInt(at + RECORD_COUNT_OFFSET);
    }

    /**
     * Checks the fixed header of the batch at {@code at}, of which {@code available} bytes are readable
     * (at least {@link #HEADER_SIZE} are needed), and returns the batch's total size.
     *
     * @throws InvalidBatchException naming the first field that is wrong
     */
    public static int checkHeader(ByteBuffer buf, int at, long available, int maxBatchBytes) {
        if (available < HEADER_SIZE) {
            throw new InvalidBatchException("batch truncated: " + available + " bytes, the header alone needs " + HEADER_SIZE);
        }
        int length = buf.getInt(at + LENGTH_OFFSET);
        if (length < MIN_BATCH_LENGTH) {
            throw new InvalidBatchException("batch length " + length + " is below the minimum " + MIN_BATCH_LENGTH);
        }
        long total = (long) length + LOG_OVERHEAD;
        if (total > maxBatchBytes) {
            throw new InvalidBatchException("batch of " + total + " bytes exceeds the limit of " + maxBatchBytes);
        }
        if (total > available) {
            throw new InvalidBatchException("batch length " + length + " runs past the end of the data (" + available + " bytes)");
        }
        byte magic = magic(buf, at);
        if (magic != CURRENT_MAGIC) {
            throw new InvalidBatchException("unsupported magic " + magic + " (only record batch v2 is stored)");
        }
        int lastOffsetDelta = lastOffsetDelta(buf, at);
        if (lastOffsetDelta < 0) {
            throw new InvalidBatchException("negative lastOffsetDelta " + lastOffsetDelta);
        }
        int count = recordCount(buf, at);
        if (count < 0 || count > lastOffsetDelta + 1L) {
            throw new InvalidBatchException("record count " + count + " does not fit lastOffsetDelta " + lastOffsetDelta);
        }
        return (int) total;
    }

    /**
     * Computes the CRC32C of the batch at {@code at} of {@code totalSize} bytes, the way the producer
     * did: over everything from the attributes to the end. Restores the buffer's position and limit.
     */
    public static int computeCrc(CRC32C crc, ByteBuffer buf, int at, int totalSize) {
        int oldPosition = buf.position();
        int oldLimit = buf.limit();
        try {
            buf.limit(at + totalSize).position(at + ATTRIBUTES_OFFSET);
            crc.reset();
            crc.update(buf);
            return (int) crc.getValue();
        } finally {
            buf.limit(oldLimit).position(oldPosition);
        }
    }

    /**
     * Validates one complete batch: header fields, then CRC32C. Returns its total size.
     *
     * @throws InvalidBatchException on any defect, leaving the buffer's content untouched
     */
    public static int validate(CRC32C crc, ByteBuffer buf, int at, int available, int maxBatchBytes) {
        int total = checkHeader(buf, at, available, maxBatchBytes);
        int expected = storedCrc(buf, at);
        int actual = computeCrc(crc, buf, at, total);
        if (expected != actual) {
            throw new InvalidBatchException(String.format(
                "CRC32C mismatch: batch says %08x, its bytes give %08x", expected, actual));
        }
        return total;
    }
}

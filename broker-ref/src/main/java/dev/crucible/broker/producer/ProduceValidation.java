package dev.crucible.broker.producer;

import dev.crucible.broker.config.TimestampWindow;
import dev.crucible.io.RecordBatch;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.Record;
import org.apache.kafka.common.utils.BufferSupplier;
import org.apache.kafka.common.utils.CloseableIterator;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * What Apache Kafka checks on a partition's records in a Produce request before it writes a byte
 * (its request handling and LogValidator), so that a batch whose header lies cannot reach the log:
 *
 * <ul>
 *   <li>batch sizes: a batch past {@code max.message.bytes} is MESSAGE_TOO_LARGE, a truncated or
 *       undersized one CORRUPT_MESSAGE;</li>
 *   <li>Produce v3 and later: exactly one batch per partition (INVALID_RECORD);</li>
 *   <li>compression codec bits: ids above 4 are CORRUPT_MESSAGE; zstd before Produce v7 is
 *       UNSUPPORTED_COMPRESSION_TYPE;</li>
 *   <li>the records actually present: their number equals the header's record count, their offset
 *       deltas run 0, 1, 2, ... and the last equals the header's lastOffsetDelta (INVALID_RECORD).
 *       Uncompressed batches are walked in place; compressed ones are decompressed with the
 *       key and value bytes skipped, as Kafka does;</li>
 *   <li>record timestamps, on CreateTime topics, within {@code message.timestamp.before.max.ms} before and
 *       {@code message.timestamp.after.max.ms} after the broker's clock (INVALID_TIMESTAMP).</li>
 * </ul>
 *
 * This is the one validation pass a produced batch gets: header, CRC32C (a damaged batch is
 * CORRUPT_MESSAGE before its records are looked at, so a well-formed lie is INVALID_RECORD), then the
 * records; the append then tells the engine the batches are validated, and it skips its own CRC pass.
 * The magic byte and CRC of every batch are checked
 * again by the log before it writes. Stateless; allocation-free for uncompressed batches.
 */
public final class ProduceValidation {
    /** Kafka's compression ids: 0 none, 1 gzip, 2 snappy, 3 lz4, 4 zstd. */
    static final int MAX_CODEC = 4;
    static final int ZSTD = 4;
    /** Produce version from which zstd may be sent (KIP-110). */
    static final int ZSTD_MIN_PRODUCE_VERSION = 7;
    /** Produce version from which a partition's records must be exactly one batch. */
    static final int ONE_BATCH_MIN_PRODUCE_VERSION = 3;
    private static final ThreadLocal<CRC32C> CRCS = ThreadLocal.withInitial(CRC32C::new);
    private static final ThreadLocal<BufferSupplier> BUFFERS = ThreadLocal.withInitial(BufferSupplier::create);

    /** Why a partition's records were refused. */
    public record Refusal(Errors error, String message) {
    }

    private ProduceValidation() {
    }

    /** Checks the batches between {@code buf}'s position and limit; null when they pass. */
    public static Refusal check(ByteBuffer buf, int produceVersion, int maxMessageBytes, TimestampWindow window, long nowMs) {
        Refusal framing = checkFraming(buf, produceVersion, maxMessageBytes);
        if (framing != null) {
            return framing;
        }
        for (int at = buf.position(); at < buf.limit(); at += RecordBatch.totalSize(buf, at)) {
            Refusal refusal = checkBatch(buf, at, RecordBatch.totalSize(buf, at), produceVersion, window, nowMs);
            if (refusal != null) {
                return refusal;
            }
        }
        return null;
    }

    /** Batch lengths and their number, before anything inside a batch is looked at (Kafka's order). */
    private static Refusal checkFraming(ByteBuffer buf, int produceVersion, int maxMessageBytes) {
        int at = buf.position();
        int end = buf.limit();
        int batches = 0;
        while (at < end) {
            if (end - at < RecordBatch.LOG_OVERHEAD) {
                return new Refusal(Errors.CORRUPT_MESSAGE, "record data ends inside a batch's length field");
            }
            long total = (long) buf.getInt(at + RecordBatch.LENGTH_OFFSET) + RecordBatch.LOG_OVERHEAD;
            if (total > maxMessageBytes && total <= end - at) {
                return new Refusal(Errors.MESSAGE_TOO_LARGE, "batch of " + total + " bytes is larger than max.message.bytes "
                    + maxMessageBytes);
            }
            if (total < RecordBatch.HEADER_SIZE || total > end - at) {
                return new Refusal(Errors.CORRUPT_MESSAGE, "batch length " + total + " does not fit the " + (end - at)
                    + " bytes of record data");
            }
            batches++;
            at += (int) total;
        }
        if (batches > 1 && produceVersion >= ONE_BATCH_MIN_PRODUCE_VERSION) {
            return new Refusal(Errors.INVALID_RECORD, "Produce v" + produceVersion
                + " allows exactly one record batch per partition; this request has " + batches);
        }
        return null;
    }

    private static Refusal checkBatch(ByteBuffer buf, int at, int total, int produceVersion, TimestampWindow window, long nowMs) {
        if (RecordBatch.magic(buf, at) != RecordBatch.CURRENT_MAGIC) {
            return new Refusal(Errors.CORRUPT_MESSAGE, "unsupported magic " + RecordBatch.magic(buf, at)
                + " (only record batch v2 is stored)");
        }
        int codec = RecordBatch.attributes(buf, at) & RecordBatch.COMPRESSION_MASK;
        if (codec > MAX_CODEC) {
            return new Refusal(Errors.CORRUPT_MESSAGE, "unknown compression codec id " + codec);
        }
        if (codec == ZSTD && produceVersion < ZSTD_MIN_PRODUCE_VERSION) {
            return new Refusal(Errors.UNSUPPORTED_COMPRESSION_TYPE, "zstd needs Produce v" + ZSTD_MIN_PRODUCE_VERSION
                + " or later; this request is v" + produceVersion);
        }
        if (!crcHolds(buf, at, total)) {
            return new Refusal(Errors.CORRUPT_MESSAGE, "CRC32C mismatch: the batch was damaged on its way");
        }
        Refusal refusal;
        try {
            refusal = codec == 0 ? RecordWalk.check(buf, at, total, window, nowMs) : checkCompressed(buf, at, total, window, nowMs);
        } catch (RuntimeException e) { // the decompressor found the bytes unreadable
            refusal = new Refusal(Errors.INVALID_RECORD, "the compressed records cannot be read: " + e.getMessage());
        }
        return refusal;
    }

    private static Refusal checkCompressed(ByteBuffer buf, int at, int total, TimestampWindow window, long nowMs) {
        ByteBuffer slice = buf.duplicate().limit(at + total).position(at).slice();
        MutableRecordBatch batch = MemoryRecords.readableRecords(slice).batches().iterator().next();
        int declared = RecordBatch.recordCount(buf, at);
        int lastOffsetDelta = RecordBatch.lastOffsetDelta(buf, at);
        int seen = 0;
        try (CloseableIterator<Record> records = ((org.apache.kafka.common.record.internal.DefaultRecordBatch) batch)
            .skipKeyValueIterator(BUFFERS.get())) {
            while (records.hasNext()) {
                Record record = records.next();
                long delta = record.offset() - batch.baseOffset();
                Refusal refusal = RecordWalk.checkRecord(seen, delta, declared, lastOffsetDelta, record.timestamp(),
                    window, nowMs);
                if (refusal != null) {
                    return refusal;
                }
                seen++;
            }
        }
        return RecordWalk.checkTotal(seen, declared, lastOffsetDelta);
    }

    private static boolean crcHolds(ByteBuffer buf, int at, int total) {
        return RecordBatch.computeCrc(CRCS.get(), buf, at, total) == RecordBatch.storedCrc(buf, at);
    }
}

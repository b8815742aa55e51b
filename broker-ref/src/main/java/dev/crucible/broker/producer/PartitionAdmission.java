package dev.crucible.broker.producer;

import dev.crucible.io.AppendAdmission;
import dev.crucible.io.AppendRefusedException;
import dev.crucible.io.AppendRequest;
import dev.crucible.io.RecordBatch;
import org.agrona.concurrent.EpochClock;
import org.apache.kafka.common.protocol.Errors;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * A partition's last check on each append, on the log's writer thread and so in exact log order:
 * <ul>
 *   <li>transactional and control batches are refused (INVALID_RECORD): transactions are not built;</li>
 *   <li>idempotent batches follow Kafka's sequence rules: an older epoch is INVALID_PRODUCER_EPOCH; a
 *       newer epoch must start at sequence 0; within an epoch a batch must continue the last sequence
 *       (wrapping after Integer.MAX_VALUE) or be a retry of one of the last 5 batches, which is answered
 *       with its original offsets and not written again; anything else is OUT_OF_ORDER_SEQUENCE_NUMBER.
 *       A producer this partition has never seen may start at any sequence (its state may have gone
 *       with retention), as Kafka allows;</li>
 *   <li>under {@code message.timestamp.type=LogAppendTime} each batch gets the broker's time as its max
 *       timestamp and the LogAppendTime attribute, and a new CRC — no record is decompressed.</li>
 * </ul>
 * A request is checked whole before any state changes, so a refusal leaves no trace.
 */
public final class PartitionAdmission implements AppendAdmission {
    static final int TIMESTAMP_TYPE_BIT = 0x08;
    static final int TRANSACTIONAL_BIT = 0x10;
    static final int CONTROL_BIT = 0x20;
    private final ProducerStateTable table;
    private final boolean logAppendTime;
    private final EpochClock clock;
    private final CRC32C crc = new CRC32C();

    public PartitionAdmission(ProducerStateTable table, boolean logAppendTime, EpochClock clock) {
        this.table = table;
        this.logAppendTime = logAppendTime;
        this.clock = clock;
    }

    /** {@code seq + delta}, wrapping past Integer.MAX_VALUE to 0 as producers do. */
    static int addSeq(int seq, int delta) {
        long sum = (long) seq + delta;
        return (int) (sum > Integer.MAX_VALUE ? sum - Integer.MAX_VALUE - 1 : sum);
    }

    @Override
    public boolean admit(AppendRequest request, long nextOffset) {
        ByteBuffer buf = request.batches();
        int batches = 0;
        int duplicateSlot = -1;
        ProducerStateTable.Entry duplicateOf = null;
        long previousProducer = -1;
        int previousLastSeq = 0;
        for (int at = buf.position(); at < buf.limit(); at += RecordBatch.totalSize(buf, at)) {
            batches++;
            short attributes = buf.getShort(at + RecordBatch.ATTRIBUTES_OFFSET);
            if ((attributes & (TRANSACTIONAL_BIT | CONTROL_BIT)) != 0) {
                throw new AppendRefusedException(Errors.INVALID_RECORD.code(),
                    "transactional and control batches are not supported by broker-ref");
            }
            long producerId = buf.getLong(at + RecordBatch.PRODUCER_ID_OFFSET);
            if (producerId < 0) {
                continue;
            }
            short epoch = buf.getShort(at + ProducerStateTable.PRODUCER_EPOCH_OFFSET);
            int firstSeq = buf.getInt(at + ProducerStateTable.BASE_SEQUENCE_OFFSET);
            int lastSeq = addSeq(firstSeq, RecordBatch.lastOffsetDelta(buf, at));
            boolean follows = producerId == previousProducer;
            int expected = addSeq(previousLastSeq, 1);
            previousProducer = producerId;
            previousLastSeq = lastSeq;
            if (follows) { // a second batch of the same producer in this request continues the first
                if (firstSeq != expected) {
                    throw outOfOrder(producerId, firstSeq, "expected " + expected);
                }
                continue;
            }
            ProducerStateTable.Entry entry = table.get(producerId);
            if (entry == null) {
                continue;
            }
            if (epoch < entry.epoch) {
                throw new AppendRefusedException(Errors.INVALID_PRODUCER_EPOCH.code(), "producer " + producerId
                    + " epoch " + epoch + " is older than " + entry.epoch);
            }
            if (epoch > entry.epoch) {
                if (firstSeq != 0) {
                    throw outOfOrder(producerId, firstSeq, "a new epoch must start at sequence 0");
                }
                continue;
            }
            int slot = entry.find(firstSeq, lastSeq);
            if (slot >= 0) {
                duplicateSlot = slot;
                duplicateOf = entry;
                continue;
            }
            if (firstSeq != addSeq(entry.newestLastSeq(), 1)) {
                throw outOfOrder(producerId, firstSeq, "expected " + addSeq(entry.newestLastSeq(), 1));
            }
        }
        if (duplicateOf != null) {
            if (batches != 1) {
                throw new AppendRefusedException(Errors.DUPLICATE_SEQUENCE_NUMBER.code(),
                    "a retried batch together with other batches in one request");
            }
            request.alreadyStored(duplicateOf.firstOffset[duplicateSlot], duplicateOf.lastOffset[duplicateSlot]);
            return false;
        }
        apply(buf, nextOffset);
        return true;
    }

    private static AppendRefusedException outOfOrder(long producerId, int firstSeq, String why) {
        return new AppendRefusedException(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER.code(),
            "producer " + producerId + " sent sequence " + firstSeq + ": " + why);
    }

    /** Records each idempotent batch with the offsets it is about to get, and stamps LogAppendTime. */
    private void apply(ByteBuffer buf, long nextOffset) {
        long offset = nextOffset;
        long now = logAppendTime ? clock.time() : 0;
        for (int at = buf.position(); at < buf.limit(); ) {
            int total = RecordBatch.totalSize(buf, at);
            int delta = RecordBatch.lastOffsetDelta(buf, at);
            long producerId = buf.getLong(at + RecordBatch.PRODUCER_ID_OFFSET);
            if (producerId >= 0) {
                int firstSeq = buf.getInt(at + ProducerStateTable.BASE_SEQUENCE_OFFSET);
                table.record(producerId, buf.getShort(at + ProducerStateTable.PRODUCER_EPOCH_OFFSET), firstSeq,
                    addSeq(firstSeq, delta), offset, offset + delta);
            }
            if (logAppendTime) {
                stamp(buf, at, total, now);
            }
            offset += delta + 1L;
            at += total;
        }
    }

    private void stamp(ByteBuffer buf, int at, int total, long now) {
        short attributes = buf.getShort(at + RecordBatch.ATTRIBUTES_OFFSET);
        buf.putShort(at + RecordBatch.ATTRIBUTES_OFFSET, (short) (attributes | TIMESTAMP_TYPE_BIT));
        buf.putLong(at + RecordBatch.MAX_TIMESTAMP_OFFSET, now);
        buf.putInt(at + RecordBatch.CRC_OFFSET, RecordBatch.computeCrc(crc, buf, at, total));
    }
}

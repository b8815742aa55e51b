package dev.crucible.broker.producer;

import dev.crucible.io.AppendAdmission;
import dev.crucible.io.AppendRefusedException;
import dev.crucible.io.AppendRequest;
import dev.crucible.io.RecordBatch;
import org.agrona.concurrent.EpochClock;
import org.apache.kafka.common.protocol.Errors;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;

/**
 * The produce checks of one partition, run by the log's writer thread in exact log order just before
 * offsets are assigned (see {@link AppendAdmission}). One instance per partition, given to every
 * {@link AppendRequest} for that partition, owning that partition's {@link ProducerStateTable}.
 *
 * <p>For each batch of an append, in order:
 * <ol>
 *   <li>the client rules of {@link ClientBatchRules} (control and transactional batches refused, ...);</li>
 *   <li>a batch without a producer id passes unchecked;</li>
 *   <li>an idempotent batch equal to one of its producer's last five in the current epoch (same first
 *       and last sequence) is a retry: the append succeeds with that batch's original offsets and
 *       nothing is written;</li>
 *   <li>otherwise the epoch and sequence rules of {@link SequenceRules} decide.</li>
 * </ol>
 * Every refusal is an {@link AppendRefusedException} whose {@code reason()} is the Kafka error code
 * ({@code Errors.X.code()}): INVALID_RECORD, INVALID_TXN_STATE, INVALID_TIMESTAMP,
 * INVALID_PRODUCER_EPOCH or OUT_OF_ORDER_SEQUENCE_NUMBER. A refusal refuses the whole append: nothing is
 * written and the producer state is unchanged.
 *
 * <p>An append may hold several batches (Kafka's produce request allows one per partition; the engine
 * allows more). Idempotent batches in one append are checked each against the state the ones before it
 * leave, at most {@link #MAX_IDEMPOTENT_BATCHES} of them. A retried batch is only answered as a
 * duplicate when it is the append's only batch: a duplicate among several batches is refused with
 * INVALID_RECORD, since answering the others' offsets is impossible and writing them alone would
 * reorder the producer's records. (Kafka answers such an append with the duplicate's offsets and
 * drops the rest silently.)
 *
 * <p>Accepted batches are recorded with the offsets they get: the first at {@code nextOffset}, each next
 * one after the last record of the one before. With {@code logAppendTime}, each accepted batch is then
 * stamped with the clock's time ({@link LogAppendTime}); {@link #logAppendTimeMs} tells the network layer
 * which time to answer. Producers idle for
 * {@code producerIdExpirationMs} are forgotten, checked at most every
 * {@link #EXPIRATION_CHECK_INTERVAL_MS}.
 */
public final class PartitionAdmission implements AppendAdmission {
    private final AtomicLong truncatedTo = new AtomicLong(-1);

    /** Kafka's default {@code producer.id.expiration.ms}: one day. */
    public static final long DEFAULT_PRODUCER_ID_EXPIRATION_MS = 24L * 60 * 60 * 1000;
    /** Kafka's {@code producer.id.expiration.check.interval.ms}: ten minutes. */
    public static final long EXPIRATION_CHECK_INTERVAL_MS = 10L * 60 * 1000;
    /** Idempotent batches checked in one append; Kafka clients send one. */
    public static final int MAX_IDEMPOTENT_BATCHES = 16;

    private final ProducerStateTable table;
    private final EpochClock clock;
    private final boolean logAppendTime;
    private final long producerIdExpirationMs;
    private final CRC32C crc = new CRC32C();
    private final int[] idempotentAt = new int[MAX_IDEMPOTENT_BATCHES];
    private long nextExpirationCheckMs;

    /**
     * @param table                  the partition's producer state (empty, or rebuilt from its log)
     * @param clock                  broker wall clock, for append times and producer expiry
     * @param logAppendTime          stamp every batch with the append time (topic config
     *                               {@code message.timestamp.type=LogAppendTime})
     * @param producerIdExpirationMs forget producers idle this long
     */
    public PartitionAdmission(ProducerStateTable table, EpochClock clock, boolean logAppendTime, long producerIdExpirationMs) {
        if (producerIdExpirationMs <= 0) {
            throw new IllegalArgumentException("producer id expiration must be positive, was " + producerIdExpirationMs);
        }
        this.table = table;
        this.clock = clock;
        this.logAppendTime = logAppendTime;
        this.producerIdExpirationMs = producerIdExpirationMs;
        this.nextExpirationCheckMs = clock.time() + EXPIRATION_CHECK_INTERVAL_MS;
    }

    /** As the full constructor, with Kafka's default expiry of one day. */
    public PartitionAdmission(ProducerStateTable table, EpochClock clock, boolean logAppendTime) {
        this(table, clock, logAppendTime, DEFAULT_PRODUCER_ID_EXPIRATION_MS);
    }

    /**
     * The append time to answer in the produce response ({@code log_append_time_ms}) once an append
     * completed successfully: the time stamped on its batches, or -1 when they keep their create time,
     * as Kafka answers. For a retry it is the original append's time: the retry's own buffer (never
     * written) is stamped with it, as Kafka answers a duplicate with the time of the stored batch.
     *
     * @param batches      the completed request's buffer ({@link AppendRequest#batches()})
     * @param firstBatchAt the position the batches started at when the request was submitted; the
     *                     engine's write moves the buffer's position, so the caller must remember it
     */
    public static long logAppendTimeMs(ByteBuffer batches, int firstBatchAt) {
        if ((RecordBatch.attributes(batches, firstBatchAt) & RecordBatch.TIMESTAMP_TYPE_BIT) == 0) {
            return -1;
        }
        return RecordBatch.maxTimestamp(batches, firstBatchAt);
    }

    /**
     * Writer thread only. A follower's append (the leader's batches, already checked and stamped by the
     * leader) is only recorded, so the producers' state is there when this replica becomes leader and a
     * batch retried across the failover is still answered as a duplicate.
     */
    @Override
    public boolean admit(AppendRequest request, long nextOffset) {
        long nowMs = clock.time();
        long cut = truncatedTo.getAndSet(-1);
        if (cut >= 0) {
            table.forgetFrom(cut);
        }
        expireIdleProducers(nowMs);
        ByteBuffer buf = request.batches();
        if (request.asFollower()) {
            recordAll(buf, nextOffset, nowMs);
            return true;
        }
        int idempotent = checkAll(buf);
        if (idempotent == 1 && answeredAsDuplicate(request, buf, idempotentAt[0])) {
            return false;
        }
        for (int i = 0; i < idempotent; i++) {
            checkSequence(buf, i);
        }
        if (logAppendTime) {
            stampAll(buf, nowMs);
        }
        recordAll(buf, nextOffset, nowMs);
        return true;
    }

    /** Client rules on every batch; collects the positions of the idempotent ones and returns their count. */
    private int checkAll(ByteBuffer buf) {
        int idempotent = 0;
        for (int at = buf.position(); at < buf.limit(); at += RecordBatch.totalSize(buf, at)) {
            ClientBatchRules.check(buf, at);
            if (SequenceRules.isIdempotent(RecordBatch.producerId(buf, at))) {
                if (idempotent == MAX_IDEMPOTENT_BATCHES) {
                    throw ClientBatchRules.refuse(Errors.INVALID_RECORD,
                        "more than " + MAX_IDEMPOTENT_BATCHES + " idempotent batches in one append");
                }
                idempotentAt[idempotent++] = at;
            }
        }
        return idempotent;
    }

    /**
     * When the batch at {@code at} is a retry of a remembered one: answers the request with the stored
     * offsets if it is the request's only batch, refuses it otherwise. False when it is no retry.
     */
    private boolean answeredAsDuplicate(AppendRequest request, ByteBuffer buf, int at) {
        ProducerState state = table.get(RecordBatch.producerId(buf, at));
        if (state == null) {
            return false;
        }
        int firstSeq = RecordBatch.baseSequence(buf, at);
        int lastSeq = SequenceRules.lastSequence(firstSeq, RecordBatch.lastOffsetDelta(buf, at));
        int slot = state.findDuplicate(RecordBatch.producerEpoch(buf, at), firstSeq, lastSeq);
        if (slot < 0) {
            return false;
        }
        if (at != buf.position() || at + RecordBatch.totalSize(buf, at) != buf.limit()) {
            throw ClientBatchRules.refuse(Errors.INVALID_RECORD, "batch of producer " + state.producerId()
                + " with sequences " + firstSeq + ".." + lastSeq + " is a retry, but not alone in its append");
        }
        if (logAppendTime) {
            LogAppendTime.stamp(crc, buf, at, RecordBatch.totalSize(buf, at), state.maxTimestampAt(slot));
        }
        request.alreadyStored(state.firstOffsetAt(slot), state.lastOffsetAt(slot));
        return true;
    }

    /**
     * Epoch and sequence rules for the {@code index}-th idempotent batch, against the latest earlier
     * batch of the same producer in this append, or else the table.
     */
    private void checkSequence(ByteBuffer buf, int index) {
        int at = idempotentAt[index];
        long producerId = RecordBatch.producerId(buf, at);
        short epoch = RecordBatch.producerEpoch(buf, at);
        int firstSeq = RecordBatch.baseSequence(buf, at);
        short knownEpoch = SequenceRules.NO_EPOCH;
        int knownLastSeq = RecordBatch.NO_SEQUENCE;
        int earlier = latestEarlierBatchOf(buf, producerId, index);
        if (earlier >= 0) {
            knownEpoch = RecordBatch.producerEpoch(buf, earlier);
            knownLastSeq = SequenceRules.lastSequence(RecordBatch.baseSequence(buf, earlier), RecordBatch.lastOffsetDelta(buf, earlier));
        } else {
            ProducerState state = table.get(producerId);
            if (state != null) {
                if (state.findDuplicate(epoch, firstSeq, SequenceRules.lastSequence(firstSeq, RecordBatch.lastOffsetDelta(buf, at))) >= 0) {
                    throw ClientBatchRules.refuse(Errors.INVALID_RECORD, "batch of producer " + producerId
                        + " at sequence " + firstSeq + " is a retry, but not alone in its append");
                }
                knownEpoch = state.epoch();
                knownLastSeq = state.lastSequence();
            }
        }
        Errors verdict = SequenceRules.check(knownEpoch, knownLastSeq, epoch, firstSeq);
        if (verdict != Errors.NONE) {
            throw refusal(verdict, producerId, epoch, firstSeq, knownEpoch, knownLastSeq);
        }
    }

    private int latestEarlierBatchOf(ByteBuffer buf, long producerId, int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (RecordBatch.producerId(buf, idempotentAt[i]) == producerId) {
                return idempotentAt[i];
            }
        }
        return -1;
    }

    private static AppendRefusedException refusal(Errors verdict, long producerId, short epoch, int firstSeq,
                                                  short knownEpoch, int knownLastSeq) {
        return ClientBatchRules.refuse(verdict, "producer " + producerId + " sent epoch " + epoch + " sequence "
            + firstSeq + "; the partition has epoch " + knownEpoch + " last sequence " + knownLastSeq);
    }

    private void stampAll(ByteBuffer buf, long nowMs) {
        for (int at = buf.position(); at < buf.limit(); ) {
            int size = RecordBatch.totalSize(buf, at);
            LogAppendTime.stamp(crc, buf, at, size, nowMs);
            at += size;
        }
    }

    /** The log was cut at {@code endOffset}: the next admit (on the writer thread) forgets what was past it first. */
    @Override
    public void truncated(long endOffset) {
        truncatedTo.accumulateAndGet(endOffset, (current, cut) -> current < 0 ? cut : Math.min(current, cut));
    }

    /** Remembers every idempotent batch with the offsets the engine is about to give it. */
    private void recordAll(ByteBuffer buf, long nextOffset, long nowMs) {
        long firstOffset = nextOffset;
        for (int at = buf.position(); at < buf.limit(); at += RecordBatch.totalSize(buf, at)) {
            int lastOffsetDelta = RecordBatch.lastOffsetDelta(buf, at);
            long producerId = RecordBatch.producerId(buf, at);
            if (SequenceRules.isIdempotent(producerId)) {
                int firstSeq = RecordBatch.baseSequence(buf, at);
                table.getOrCreate(producerId).record(RecordBatch.producerEpoch(buf, at), firstSeq,
                    SequenceRules.lastSequence(firstSeq, lastOffsetDelta), firstOffset, firstOffset + lastOffsetDelta,
                    RecordBatch.maxTimestamp(buf, at), nowMs);
            }
            firstOffset += lastOffsetDelta + 1L;
        }
    }

    private void expireIdleProducers(long nowMs) {
        if (nowMs - nextExpirationCheckMs >= 0) {
            nextExpirationCheckMs = nowMs + EXPIRATION_CHECK_INTERVAL_MS;
            table.removeExpired(nowMs, producerIdExpirationMs);
        }
    }
}

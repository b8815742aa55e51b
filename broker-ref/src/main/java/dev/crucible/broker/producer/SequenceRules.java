package dev.crucible.broker.producer;

import dev.crucible.io.RecordBatch;

import org.apache.kafka.common.protocol.Errors;

/**
 * Apache Kafka's verdict on an idempotent batch that is not a duplicate, from what the partition
 * knows of its producer. Pure functions, so every rule can be tested on its own.
 *
 * <ul>
 *   <li>An epoch below the known one is a zombie: INVALID_PRODUCER_EPOCH.</li>
 *   <li>A new (higher) epoch starts over at sequence 0; anything else is OUT_OF_ORDER_SEQUENCE_NUMBER.</li>
 *   <li>The same epoch continues at the last sequence + 1, wrapping from {@link Integer#MAX_VALUE} to 0;
 *       anything else is OUT_OF_ORDER_SEQUENCE_NUMBER.</li>
 *   <li>A producer the partition does not know (never seen, expired, or its batches all deleted by
 *       retention) is accepted at any sequence: what Kafka has done since 2.5 (KIP-360), where it used to
 *       answer UNKNOWN_PRODUCER_ID. The producer's own epoch and sequence become the partition's.</li>
 * </ul>
 */
final class SequenceRules {
    /** Known epoch of a producer the partition has no state for. */
    static final short NO_EPOCH = -1;

    private SequenceRules() {
    }

    /**
     * @param knownEpoch    the producer's epoch in this partition, or {@link #NO_EPOCH}
     * @param knownLastSeq  last sequence of the producer's latest batch in that epoch, or -1 when none
     * @param epoch         the batch's producer epoch
     * @param firstSeq      the batch's base sequence
     * @return {@link Errors#NONE} or the error Kafka answers
     */
    static Errors check(short knownEpoch, int knownLastSeq, short epoch, int firstSeq) {
        if (knownEpoch == NO_EPOCH) {
            return Errors.NONE;
        }
        if (epoch < knownEpoch) {
            return Errors.INVALID_PRODUCER_EPOCH;
        }
        if (epoch != knownEpoch) {
            return firstSeq == 0 ? Errors.NONE : Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
        }
        return follows(knownLastSeq, firstSeq) ? Errors.NONE : Errors.OUT_OF_ORDER_SEQUENCE_NUMBER;
    }

    /** True when {@code nextSeq} comes right after {@code lastSeq}; -1 (no batch yet) is followed by 0. */
    static boolean follows(int lastSeq, int nextSeq) {
        return nextSeq == lastSeq + 1L || (nextSeq == 0 && lastSeq == Integer.MAX_VALUE);
    }

    /** Kafka's rule: a batch carries a producer id when the field is not negative. */
    static boolean isIdempotent(long producerId) {
        return producerId > RecordBatch.NO_PRODUCER_ID;
    }

    /**
     * Sequence number of a batch's last record: the base sequence plus the last offset delta,
     * wrapping past {@link Integer#MAX_VALUE} to 0 as producers do.
     */
    static int lastSequence(int baseSequence, int lastOffsetDelta) {
        if (baseSequence > Integer.MAX_VALUE - lastOffsetDelta) {
            return lastOffsetDelta - (Integer.MAX_VALUE - baseSequence) - 1;
        }
        return baseSequence + lastOffsetDelta;
    }
}

package dev.crucible.broker.producer;

import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.DefaultRecordBatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Kafka's epoch and sequence verdicts, rule by rule, and sequence arithmetic checked against Kafka's own. */
class SequenceRulesTest {
    private static final short NONE = SequenceRules.NO_EPOCH;

    @Test
    void anUnknownProducerIsAcceptedAtAnySequence() {
        assertThat(SequenceRules.check(NONE, -1, (short) 0, 0)).isEqualTo(Errors.NONE);
        assertThat(SequenceRules.check(NONE, -1, (short) 4, 1234)).isEqualTo(Errors.NONE);
    }

    @Test
    void aLowerEpochIsAZombie() {
        assertThat(SequenceRules.check((short) 2, 5, (short) 1, 6)).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
        assertThat(SequenceRules.check((short) 2, 5, (short) 1, 0)).isEqualTo(Errors.INVALID_PRODUCER_EPOCH);
    }

    @Test
    void aHigherEpochMustStartAtZero() {
        assertThat(SequenceRules.check((short) 2, 5, (short) 3, 0)).isEqualTo(Errors.NONE);
        assertThat(SequenceRules.check((short) 2, 5, (short) 3, 6)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
    }

    @Test
    void theSameEpochMustContinueRightAfterTheLastSequence() {
        assertThat(SequenceRules.check((short) 2, 5, (short) 2, 6)).isEqualTo(Errors.NONE);
        assertThat(SequenceRules.check((short) 2, 5, (short) 2, 7)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(SequenceRules.check((short) 2, 5, (short) 2, 5)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(SequenceRules.check((short) 2, 5, (short) 2, 0)).isEqualTo(Errors.OUT_OF_ORDER_SEQUENCE_NUMBER);
        assertThat(SequenceRules.check((short) 2, Integer.MAX_VALUE, (short) 2, 0)).isEqualTo(Errors.NONE);
        assertThat(SequenceRules.check((short) 2, -1, (short) 2, 0)).isEqualTo(Errors.NONE);
    }

    @Test
    void lastSequenceWrapsExactlyAsKafkaComputesIt() {
        int[] bases = {0, 1, 1000, Integer.MAX_VALUE - 10, Integer.MAX_VALUE - 1, Integer.MAX_VALUE};
        int[] deltas = {0, 1, 5, 10, 11, 100, Integer.MAX_VALUE - 1};
        for (int base : bases) {
            for (int delta : deltas) {
                assertThat(SequenceRules.lastSequence(base, delta)).as("base %d delta %d", base, delta)
                    .isEqualTo(DefaultRecordBatch.incrementSequence(base, delta));
            }
        }
    }
}

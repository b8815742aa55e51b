package dev.crucible.broker.producer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The five-batch memory of one producer and the table's expiry. */
class ProducerStateTest {
    @Test
    void keepsTheLastFiveBatchesOfTheCurrentEpochNewestFirst() {
        ProducerState state = new ProducerState(9);
        for (int seq = 0; seq < 7; seq++) {
            state.record((short) 0, seq, seq, 100 + seq, 100 + seq, 50 + seq, 0);
        }
        assertThat(state.batchCount()).isEqualTo(ProducerState.RETAINED_BATCHES);
        for (int age = 0; age < ProducerState.RETAINED_BATCHES; age++) {
            int slot = state.slotOfAge(age);
            assertThat(state.firstSequenceAt(slot)).isEqualTo(6 - age);
            assertThat(state.firstOffsetAt(slot)).isEqualTo(106 - age);
            assertThat(state.maxTimestampAt(slot)).isEqualTo(56 - age);
        }
        assertThat(state.findDuplicate((short) 0, 2, 2)).isGreaterThanOrEqualTo(0);
        assertThat(state.findDuplicate((short) 0, 1, 1)).isEqualTo(-1);
        assertThat(state.findDuplicate((short) 1, 2, 2)).isEqualTo(-1);
    }

    @Test
    void aNewEpochForgetsTheOldBatches() {
        ProducerState state = new ProducerState(9);
        state.record((short) 0, 0, 4, 0, 4, 1, 0);
        state.record((short) 1, 0, 0, 5, 5, 1, 0);
        assertThat(state.epoch()).isEqualTo((short) 1);
        assertThat(state.batchCount()).isEqualTo(1);
        assertThat(state.lastSequence()).isZero();
        assertThat(state.findDuplicate((short) 1, 0, 4)).isEqualTo(-1);
    }

    @Test
    void theTableForgetsOnlyProducersIdleForTheWholeExpiry() {
        ProducerStateTable table = new ProducerStateTable();
        table.getOrCreate(1).record((short) 0, 0, 0, 0, 0, 0, 1_000);
        table.getOrCreate(2).record((short) 0, 0, 0, 1, 1, 0, 5_000);
        assertThat(table.removeExpired(10_999, 10_000)).isZero();
        assertThat(table.removeExpired(11_000, 10_000)).isEqualTo(1);
        assertThat(table.epochOf(1)).isEqualTo((short) -1);
        assertThat(table.lastSequenceOf(2)).isZero();
        assertThat(table.producerCount()).isEqualTo(1);
    }
}

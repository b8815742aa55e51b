package dev.crucible.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.load.result.RunTimeline;
import dev.crucible.load.result.Totals;
import org.junit.jupiter.api.Test;

/** The end of a run, driven by explicit run-clock times. */
class DrainTest {
    private static final long SECOND_NS = 1_000_000_000L;

    private boolean producersDone;
    private boolean allTerminal;
    private final RunControl control = new RunControl("r", new RunTimeline(0, 0, 10 * SECOND_NS, 0, 10 * SECOND_NS), 0, false);
    private final Drain drain = new Drain(2, () -> producersDone, () -> allTerminal);

    /** {@code acked} messages acknowledged, {@code received} stamped messages received over both subscriptions. */
    private static Totals totals(long acked, long received) {
        return new Totals(acked, acked, 0, received, 0, 0, 0);
    }

    @Test
    void workersAreToldToFinishOnceConsumersCaughtUpAndTheRunCompletesWhenAllReported() {
        assertThat(drain.next(RunState.LOADING, 0, totals(100, 0), control)).isEqualTo(RunState.LOADING);
        producersDone = true;
        assertThat(drain.next(RunState.LOADING, SECOND_NS, totals(100, 150), control)).isEqualTo(RunState.DRAINING);
        assertThat(control.command().finish()).isFalse();
        assertThat(drain.next(RunState.DRAINING, 2 * SECOND_NS, totals(100, 200), control)).isEqualTo(RunState.FINISHING);
        assertThat(control.command().finish()).isTrue();
        assertThat(drain.next(RunState.FINISHING, 3 * SECOND_NS, totals(100, 200), control)).isEqualTo(RunState.FINISHING);
        allTerminal = true;
        assertThat(drain.next(RunState.FINISHING, 4 * SECOND_NS, totals(100, 200), control)).isEqualTo(RunState.COMPLETE);
        assertThat(drain.reason()).isNull();
    }

    @Test
    void aProducerPhaseThatEndsWithEverythingReceivedFinishesAtOnce() {
        producersDone = true;
        assertThat(drain.next(RunState.LOADING, 0, totals(100, 200), control)).isEqualTo(RunState.FINISHING);
        assertThat(control.command().finish()).isTrue();
    }

    @Test
    void consumersThatNeverCatchUpGetThirtySecondsThenWorkersAreToldToFinish() {
        producersDone = true;
        assertThat(drain.next(RunState.LOADING, 0, totals(100, 10), control)).isEqualTo(RunState.DRAINING);
        assertThat(drain.next(RunState.DRAINING, 30 * SECOND_NS - 1, totals(100, 10), control)).isEqualTo(RunState.DRAINING);
        assertThat(drain.next(RunState.DRAINING, 30 * SECOND_NS, totals(100, 10), control)).isEqualTo(RunState.FINISHING);
        assertThat(control.command().finish()).isTrue();
    }

    @Test
    void workersThatNeverReportTheirFinalFiguresEndTheRunIncompleteAfterSixtySeconds() {
        producersDone = true;
        assertThat(drain.next(RunState.LOADING, 0, totals(100, 200), control)).isEqualTo(RunState.FINISHING);
        assertThat(drain.next(RunState.FINISHING, 60 * SECOND_NS - 1, totals(100, 200), control)).isEqualTo(RunState.FINISHING);
        assertThat(drain.next(RunState.FINISHING, 60 * SECOND_NS, totals(100, 200), control)).isEqualTo(RunState.INCOMPLETE);
        assertThat(drain.reason()).isEqualTo("workers did not report their final figures within 60 s");
    }
}

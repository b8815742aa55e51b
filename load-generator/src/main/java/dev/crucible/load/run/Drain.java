package dev.crucible.load.run;

import dev.crucible.load.result.Totals;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The end of a run, as states: LOADING until every producer is done; DRAINING while consumers catch
 * up with what was acknowledged (at most 30 s); FINISHING once workers are told to finish, until they
 * all report their final figures (COMPLETE) or 60 s pass (INCOMPLETE).
 */
final class Drain {
    static final long DRAIN_TIMEOUT_MS = 30_000;
    static final long FINISH_TIMEOUT_MS = 60_000;

    private final int subscriptions;
    private final BooleanSupplier producersDone;
    private final BooleanSupplier allTerminal;
    private long deadlineNs;
    private String reason;

    /** Ends a run with {@code subscriptions} per topic; the suppliers read the workers' latest statuses. */
    Drain(int subscriptions, BooleanSupplier producersDone, BooleanSupplier allTerminal) {
        this.subscriptions = subscriptions;
        this.producersDone = producersDone;
        this.allTerminal = allTerminal;
    }

    /** The state after {@code state} at run-clock time {@code nowNs}; sets the finish command when it is time. */
    RunState next(RunState state, long nowNs, Totals totals, RunControl control) {
        if (state == RunState.LOADING) {
            if (!producersDone.getAsBoolean()) {
                return RunState.LOADING;
            }
            deadlineNs = nowNs + TimeUnit.MILLISECONDS.toNanos(DRAIN_TIMEOUT_MS);
            state = RunState.DRAINING;
        }
        if (state == RunState.DRAINING) {
            if (totals.consumedStamped() < totals.acked() * subscriptions && nowNs - deadlineNs < 0) {
                return RunState.DRAINING;
            }
            control.finish();
            deadlineNs = nowNs + TimeUnit.MILLISECONDS.toNanos(FINISH_TIMEOUT_MS);
            return RunState.FINISHING;
        }
        if (allTerminal.getAsBoolean()) {
            return RunState.COMPLETE;
        }
        if (nowNs - deadlineNs >= 0) {
            reason = "workers did not report their final figures within " + FINISH_TIMEOUT_MS / 1000 + " s";
            return RunState.INCOMPLETE;
        }
        return RunState.FINISHING;
    }

    /** Why the run ended INCOMPLETE, or null. */
    String reason() {
        return reason;
    }
}

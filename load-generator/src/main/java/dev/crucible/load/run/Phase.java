package dev.crucible.load.run;

import dev.crucible.load.result.Totals;

/**
 * One part of what the coordinator does every second of a run, after the heartbeat has collected the
 * workers' reports: it looks at the run and may change what the next heartbeat tells the workers.
 * Phases run on the coordinator's thread, in a fixed order, and keep their own state.
 */
interface Phase {
    /** Looks at the run at run-clock time {@code nowNs}, with {@code totals} over every worker. */
    void tick(long nowNs, Totals totals, RunControl control);
}

package dev.crucible.load.run;

/** Where a run is, as its coordinator drives it; each state is left only forward. */
enum RunState {
    /** Topics created; workers get their share, align clocks, and their consumers join. */
    PREPARING,
    /** Producers follow their schedules: the warm-up, then the measured phase. */
    LOADING,
    /** Every producer is done; consumers catch up with what was acknowledged. */
    DRAINING,
    /** Workers were told to finish and report their final figures. */
    FINISHING,
    /** Every worker reported its final figures. */
    COMPLETE,
    /** A worker failed, the user interrupted, or finishing took too long: the results say INCOMPLETE. */
    INCOMPLETE
}

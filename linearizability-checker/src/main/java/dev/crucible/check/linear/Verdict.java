package dev.crucible.check.linear;

/** A checker's answer. UNKNOWN is never a verdict on the history: the search was cut off. */
public enum Verdict {
    /** Some order of the operations explains every result. */
    VALID,
    /** No order does: the history could not have happened on a correct object. */
    INVALID,
    /** The search hit its time limit or memory budget (or was aborted) before deciding. */
    UNKNOWN
}

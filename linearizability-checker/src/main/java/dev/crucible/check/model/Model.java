package dev.crucible.check.model;

import java.util.List;

/**
 * A sequential specification: an initial state and a step function. States must be immutable
 * and implement equals and hashCode (the search caches them).
 */
public interface Model {

    /** The state before any operation. */
    Object init();

    /**
     * The state after {@code op} takes effect in {@code state}, or null when it cannot (the result
     * it returned is impossible there). A crashed operation's output is unknown: step it by its
     * input alone.
     */
    Object step(Object state, Operation op);

    /**
     * Independent sub-histories (P-compositionality): operations on different keys of a key-value
     * store never constrain each other. Default: one partition, everything.
     */
    default List<List<Operation>> partition(List<Operation> ops) {
        return List.of(ops);
    }

    /** The model's name as the command line spells it. */
    String name();

    /** A state shown to a person. */
    default String show(Object state) {
        return dev.crucible.check.history.Values.show(state);
    }
}

package dev.crucible.chaos.nemesis;

import java.util.Map;
import java.util.Random;

/** A kind of fault: starts one on the run's cluster, returning a handle that heals it. */
public interface Nemesis {

    /** The name used on the command line and in histories ("kill", "pause", ...). */
    String name();

    /**
     * Starts a fault. {@code params} come from a schedule file ("nodes", "latencyMs", ...) and may be
     * empty: the nemesis then picks with {@code random}.
     */
    ActiveFault start(Random random, Map<String, Object> params) throws Exception;

    /**
     * Called once after the run healed every fault and restarted nodes left down, before the final
     * read: the last chance to undo what outlives a heal (a heal may have met a node down). Returns
     * what was done, for the history and the summary, or null when there is nothing to say. Bounded.
     */
    default String finish() {
        return null;
    }

    /** A fault in effect. */
    interface ActiveFault {
        /** What was done, e.g. "SIGKILL n0 (pid 4711)". */
        String description();

        /** Evidence, taken right after the start, that the fault took effect. */
        String probe();

        /** Undoes the fault; returns evidence that it is healed. */
        String heal() throws Exception;
    }

    /** How a fault is undone: returns the evidence that it is. */
    @FunctionalInterface
    interface Healer {
        String heal() throws Exception;
    }

    /** A fault made of what was done, the evidence it took effect, and how to undo it. */
    record Fault(String description, String probe, Healer healer) implements ActiveFault {
        @Override
        public String heal() throws Exception {
            return healer.heal();
        }
    }
}

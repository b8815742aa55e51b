package dev.crucible.check.linear;

/**
 * Where a search must stop: a deadline (System.nanoTime), a cap on cached configurations (the
 * memory budget), and an abort flag another thread may raise.
 */
final class Limits {
    private final long deadlineNs;
    private final long maxConfigs;
    private volatile String aborted;

    Limits(long deadlineNs, long maxConfigs) {
        this.deadlineNs = deadlineNs;
        this.maxConfigs = maxConfigs;
    }

    void abort(String why) {
        aborted = why;
    }

    /** Why the search must stop now, or null. */
    String exceeded(long configs) {
        if (aborted != null) {
            return aborted;
        }
        if (deadlineNs - System.nanoTime() < 0) {
            return "time limit";
        }
        if (configs > maxConfigs) {
            return "memory budget (" + maxConfigs + " cached configurations)";
        }
        return null;
    }
}

package dev.crucible.load.run;

/**
 * Finds the highest publish rate the target sustains (workload {@code producerRate: 0}), during the
 * warm-up. Each step looks at whole seconds already sent at the step's rate: if the target
 * acknowledged at least 95% of what the schedule asked and the backlog is small or shrinking, the
 * rate grows (doubling at first); otherwise it falls to 90% of what was acknowledged and the growth
 * factor halves its excess, so the search closes in. The best acknowledged rate of a step that kept
 * up is what the measured phase runs at (never more than the target actually acknowledged).
 */
public final class RateSearch {
    private double rate;
    private double best;
    private double growth = 2.0;
    private long lastBacklog;

    /** A search starting at {@code startRate} msgs/s. */
    public RateSearch(double startRate) {
        this.rate = startRate;
    }

    /** The rate to send at now. */
    public double rate() {
        return rate;
    }

    /** The highest acknowledged rate of a step that kept up (0 if none). */
    public double best() {
        return best;
    }

    /**
     * One step: over the seconds looked at, the schedule asked {@code asked} msgs/s and the target
     * acknowledged {@code achieved}; {@code backlog} messages are published but not yet consumed
     * ({@code acceptable} is the most tolerated).
     */
    public double step(double achieved, double asked, long backlog, long acceptable) {
        boolean keptUp = achieved >= asked * 0.95;
        boolean backlogOk = backlog <= acceptable || backlog <= lastBacklog;
        lastBacklog = backlog;
        if (keptUp && backlogOk) {
            best = Math.max(best, achieved);
            rate = Math.max(rate, achieved) * growth;
        } else {
            rate = Math.max(1, Math.min(rate, achieved) * 0.9);
            growth = 1 + (growth - 1) / 2;
        }
        return rate;
    }
}

package dev.crucible.load.run;

/**
 * Finds the highest publish rate the target sustains (workload {@code producerRate: 0}), during the
 * warm-up: every step, a rate that was met with a backlog that is small and not growing is raised
 * by a quarter; a missed rate or a growing backlog lowers it by a tenth and slows the climb. The best
 * acknowledged rate of a step that met its target is what the measured phase runs at (never more
 * than the target actually acknowledged).
 */
public final class RateSearch {
  private double rate;
  private double best;
  private double growth = 1.25;
  private long lastBacklog;

  /** A search starting at {@code startRate} msgs/s. */
  public RateSearch(double startRate) {
    this.rate = startRate;
  }

  /** The rate to send at now. */
  public double rate() {
    return rate;
  }

  /** The highest acknowledged rate of a step that met its target (0 if none). */
  public double best() {
    return best;
  }

  /**
   * One step: {@code achieved} msgs/s were acknowledged over the step; {@code backlog} messages are
   * published but not yet consumed ({@code acceptable} is the most tolerated).
   */
  public double step(double achieved, long backlog, long acceptable) {
    boolean met = achieved >= rate * 0.95;
    boolean backlogOk = backlog <= acceptable || backlog <= lastBacklog;
    lastBacklog = backlog;
    if (met && backlogOk) {
      best = Math.max(best, Math.min(rate, achieved));
      rate *= growth;
    } else {
      rate = Math.max(1, Math.min(rate, achieved) * 0.9);
      growth = 1 + (growth - 1) / 2;
    }
    return rate;
  }
}

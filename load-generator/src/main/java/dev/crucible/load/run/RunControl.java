package dev.crucible.load.run;

import dev.crucible.load.agent.Command;
import dev.crucible.load.result.RunTimeline;

/**
 * What the next heartbeat tells every worker, as the phases set it, and the run's timeline (a drained
 * backlog ends the measured phase early). Written and read on the coordinator's thread only.
 */
final class RunControl {
    private final String runId;
    private RunTimeline timeline;
    private double totalRatePerSecond;
    private boolean consumersPaused;
    private long endAtNs;
    private boolean endMoved;
    private boolean finish;

    /**
     * The control of run {@code runId}; {@code totalRatePerSecond} above 0 is sent to the workers (rate
     * search), 0 leaves them at their planned rates.
     */
    RunControl(String runId, RunTimeline timeline, double totalRatePerSecond, boolean consumersPaused) {
        this.runId = runId;
        this.timeline = timeline;
        this.totalRatePerSecond = totalRatePerSecond;
        this.consumersPaused = consumersPaused;
    }

    /** The command of the next heartbeat (each worker's acknowledged interval is filled in per worker). */
    Command command() {
        return new Command(runId, 0, totalRatePerSecond, consumersPaused, endAtNs, finish);
    }

    RunTimeline timeline() {
        return timeline;
    }

    /** The whole run sends at {@code perSecond} from the next heartbeat on. */
    void rate(double perSecond) {
        totalRatePerSecond = perSecond;
    }

    /** Consumers fetch again (the backlog is built). */
    void resumeConsumers() {
        consumersPaused = false;
    }

    /** Producers stop at {@code nowNs}, and the measured phase ends there. */
    void endAt(long nowNs) {
        endAtNs = nowNs;
        endMoved = true;
        timeline = timeline.endingAt(nowNs);
    }

    /** True once {@link #endAt} moved the end. */
    boolean endMoved() {
        return endMoved;
    }

    /** Workers stop their consumers, close their clients and report their final figures. */
    void finish() {
        finish = true;
    }
}

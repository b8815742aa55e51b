package dev.crucible.load.agent;

import java.util.List;
import java.util.Map;

/**
 * An agent's answer to every call: its state, totals, the interval reports the coordinator has not
 * acknowledged yet, and, once finished, the sequence figures.
 *
 * @param runId the run (null when idle)
 * @param state IDLE, PREPARED, RUNNING, PRODUCERS_DONE, FINISHED, ABORTED
 * @param message why the agent aborted, or null
 * @param assignedPartitions per subscription, partitions assigned to this agent's consumers
 * @param sent messages handed to the client
 * @param acked messages acknowledged
 * @param sendErrors messages whose send failed
 * @param consumed messages received
 * @param foreign messages received without a Crucible stamp
 * @param intervals 1-second reports not yet acknowledged, oldest first
 * @param finalReport present once FINISHED
 */
public record Status(
        String runId,
        String state,
        String message,
        Map<String, Long> assignedPartitions,
        long sent,
        long acked,
        long sendErrors,
        long consumed,
        long foreign,
        List<IntervalReport> intervals,
        FinalReport finalReport) {

    /** The agent has nothing more to do in this run. */
    public boolean terminal() {
        return "FINISHED".equals(state) || "ABORTED".equals(state);
    }
}

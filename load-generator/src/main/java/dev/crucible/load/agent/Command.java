package dev.crucible.load.agent;

/**
 * What a heartbeat tells an agent, besides "the coordinator is alive".
 *
 * @param runId the run the coordinator is driving (fencing)
 * @param ackedInterval highest interval index the coordinator has stored; the agent drops those
 * @param totalRatePerSecond when positive, the rate the whole run should now send at (rate search)
 * @param consumersPaused consumers stop fetching (backlog build-up)
 * @param endAtRunNs when positive, producers stop at this run-clock time if it is earlier than planned
 * @param finish consumers stop; the agent closes its clients and reports its final figures
 */
public record Command(
    String runId,
    long ackedInterval,
    double totalRatePerSecond,
    boolean consumersPaused,
    long endAtRunNs,
    boolean finish) {}

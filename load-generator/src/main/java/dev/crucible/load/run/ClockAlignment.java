package dev.crucible.load.run;

import dev.crucible.load.agent.Agent;
import dev.crucible.load.agent.AgentLink;
import dev.crucible.load.metric.RunClock;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a worker's monotonic clock onto the coordinator's run clock: offset 0 when the worker shares
 * this host (same kernel boot id, so the same CLOCK_MONOTONIC), else the offset seen by the probe
 * with the smallest round trip, half of which bounds its error.
 */
final class ClockAlignment {
    private static final int PROBES = 7;

    private ClockAlignment() {}

    /** The worker's run clock as an offset onto {@code coordinator}; its {@link #row} goes into run.json. */
    static RunClock align(AgentLink link, RunClock coordinator) throws IOException {
        String here = Agent.bootId();
        long bestRtt = Long.MAX_VALUE;
        long bestOffset = 0;
        for (int i = 0; i < PROBES; i++) {
            long t0 = coordinator.nowNs();
            Agent.ClockProbe p = link.probe();
            long t1 = coordinator.nowNs();
            if (p.bootId().equals(here)) {
                return RunClock.sharedMonotonic(coordinator.local());
            }
            if (t1 - t0 < bestRtt) {
                bestRtt = t1 - t0;
                bestOffset = t0 + (t1 - t0) / 2 - p.nanoTime();
            }
        }
        return new RunClock(coordinator.local(), bestOffset, bestRtt / 2, "probe-min-rtt");
    }

    /** How {@code link}'s clock was aligned, as run.json's "clocks" lists it. */
    static Map<String, Object> row(AgentLink link, RunClock c) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("worker", link.name());
        row.put("method", c.method());
        row.put("offsetNs", c.offsetNs());
        row.put("errorBoundNs", c.errorBoundNs());
        return row;
    }
}

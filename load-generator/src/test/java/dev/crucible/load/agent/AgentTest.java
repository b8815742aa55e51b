package dev.crucible.load.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.load.clock.ManualClock;
import dev.crucible.load.workload.DriverSettings;
import dev.crucible.load.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentTest {
    private static final long MS = 1_000_000L;

    static Assignment noopAssignment(String runId, long leaseMs) {
        return new Assignment(runId, Workload.builder().messageSize(64).build(), new DriverSettings(), null,
                List.of(new Assignment.ProducerSpec(0, "t", 1, 1000)),
                List.of(new Assignment.ConsumerSpec("t", "t-sub-0")), 0, 0, "shared-monotonic", leaseMs);
    }

    /** Moves {@code clock} 100 ms at a time until the run is over; the status then, or a failure after a minute of run time. */
    private static Status advanceUntilTerminal(ManualClock clock, Agent agent, String runId) {
        for (int step = 0; step < 600; step++) {
            Status s = agent.status(runId);
            if (s.terminal()) {
                return s;
            }
            clock.advance(100 * MS);
        }
        throw new AssertionError("run " + runId + " still " + agent.status(runId).state() + " after 60 s of run time");
    }

    @Test
    void anAgentRefusesASecondRunButRepeatsAreHarmless() throws Exception {
        Agent agent = new Agent();
        agent.prepare(noopAssignment("run-a", 60_000));
        assertThat(agent.prepare(noopAssignment("run-a", 60_000)).state()).isEqualTo("PREPARED");
        assertThatThrownBy(() -> agent.prepare(noopAssignment("run-b", 60_000)))
                .isInstanceOf(Agent.FencedException.class).hasMessageContaining("run-a");
        assertThatThrownBy(() -> agent.heartbeat(new Command("run-b", -1, 0, false, 0, false)))
                .isInstanceOf(Agent.FencedException.class);
        agent.abort("run-a", "test over");
        assertThat(agent.prepare(noopAssignment("run-b", 60_000)).runId()).isEqualTo("run-b");
        agent.abort("run-b", "test over");
    }

    @Test
    void aPreparedRunWhoseCoordinatorVanishedFreesTheAgent() throws Exception {
        ManualClock clock = new ManualClock(0);
        Agent agent = new Agent(clock);
        agent.prepare(noopAssignment("run-orphan", 500));
        clock.awaitThreads(1);
        clock.advance(400 * MS);
        assertThat(agent.status("run-orphan").state()).as("within the lease").isEqualTo("PREPARED");
        Status s = advanceUntilTerminal(clock, agent, "run-orphan");
        assertThat(s.state()).isEqualTo("ABORTED");
        assertThat(s.message()).contains("no heartbeat");
        assertThat(clock.nanoTime()).as("not before the lease ran out").isGreaterThan(500 * MS);
        assertThat(agent.prepare(noopAssignment("run-next", 60_000)).state()).isEqualTo("PREPARED");
        agent.abort("run-next", "test over");
    }

    @Test
    void anAgentWhoseCoordinatorVanishedStopsItsLoadWhenTheLeaseRunsOut() throws Exception {
        ManualClock clock = new ManualClock(0);
        Agent agent = new Agent(clock);
        agent.prepare(noopAssignment("run-lease", 800));
        agent.start("run-lease", 0, 0, 3_600_000 * MS);
        clock.awaitThreads(2);
        clock.advance(500 * MS);
        assertThat(agent.status("run-lease").sent()).as("the schedule runs while the lease holds").isGreaterThan(0);
        Status s = advanceUntilTerminal(clock, agent, "run-lease");
        assertThat(s.state()).isEqualTo("ABORTED");
        assertThat(s.message()).contains("no heartbeat");
        long sentAtAbort = s.sent();
        clock.advance(10_000 * MS);
        assertThat(agent.status("run-lease").sent()).as("no sends after the lease ran out, 10 s of schedule later")
                .isEqualTo(sentAtAbort);
    }
}

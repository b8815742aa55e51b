package dev.crucible.load.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.load.workload.DriverSettings;
import dev.crucible.load.workload.Workload;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentTest {

    static Assignment noopAssignment(String runId, long leaseMs) {
        Workload w = new Workload();
        w.messageSize = 64;
        return new Assignment(runId, w, new DriverSettings(), null,
                List.of(new Assignment.ProducerSpec(0, "t", 1, 1000)),
                List.of(new Assignment.ConsumerSpec("t", "t-sub-0")), null, 0, 0, "shared-monotonic", leaseMs);
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
        Agent agent = new Agent();
        agent.prepare(noopAssignment("run-orphan", 500));
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!agent.status("run-orphan").terminal() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(agent.status("run-orphan").state()).isEqualTo("ABORTED");
        assertThat(agent.prepare(noopAssignment("run-next", 60_000)).state()).isEqualTo("PREPARED");
        agent.abort("run-next", "test over");
    }

    @Test
    void anAgentWhoseCoordinatorVanishedStopsItsLoadWhenTheLeaseRunsOut() throws Exception {
        Agent agent = new Agent();
        agent.prepare(noopAssignment("run-lease", 800));
        long now = System.nanoTime();
        agent.start("run-lease", now, now, now + 3_600_000_000_000L);
        long deadline = System.nanoTime() + 10_000_000_000L;
        Status s;
        do {
            Thread.sleep(100);
            s = agent.status("run-lease");
        } while (!s.terminal() && System.nanoTime() < deadline);
        assertThat(s.state()).isEqualTo("ABORTED");
        assertThat(s.message()).contains("no heartbeat");
        long sentAtAbort = s.sent();
        Thread.sleep(300);
        assertThat(agent.status("run-lease").sent()).as("no sends after the lease ran out").isEqualTo(sentAtAbort);
    }
}

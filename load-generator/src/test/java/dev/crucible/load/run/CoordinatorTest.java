package dev.crucible.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crucible.load.agent.Agent;
import dev.crucible.load.agent.AgentLink;
import dev.crucible.load.agent.Assignment;
import dev.crucible.load.agent.Command;
import dev.crucible.load.agent.Status;
import dev.crucible.load.clock.ManualClock;
import dev.crucible.load.driver.NoopDriver;
import dev.crucible.load.result.RunSettings;
import dev.crucible.load.workload.DriverSettings;
import dev.crucible.load.workload.Workload;
import dev.crucible.load.workload.WorkloadOverrides;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole runs on the no-op target with every clock a {@link ManualClock} the test moves: coordinator,
 * agent, producers and sampler wait on it, so the run's schedule, its phases and its deadlines play
 * out exactly, however fast or loaded the machine is.
 */
class CoordinatorTest {
    private static final long SECOND_NS = 1_000_000_000L;
    private static final long STEP_NS = 100_000_000L;

    /** Runs {@code run} on its own thread and moves {@code clock} 100 ms at a time until it returns. */
    private static <T> T onManualClock(ManualClock clock, Callable<T> run) throws Exception {
        FutureTask<T> task = new FutureTask<>(run);
        Thread t = new Thread(task, "coordinator-under-test");
        t.setDaemon(true);
        t.start();
        clock.awaitQuiet(t);
        for (int step = 0; step < 10_000 && t.isAlive(); step++) {
            clock.advance(STEP_NS);
        }
        return task.get(20, TimeUnit.SECONDS);
    }

    private static JsonNode runJson(Path dir) throws IOException {
        return new ObjectMapper().readTree(dir.resolve("run.json").toFile());
    }

    @Test
    void aRunSendsExactlyItsScheduleAndRecordsThePayloadFileAsTheWorkloadNamedIt(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve("payload.data"), new byte[64]);
        Path workload = dir.resolve("w.yaml");
        Files.writeString(workload, "name: sim\npayloadFile: payload.data\n");
        BenchRequest req = new BenchRequest(workload, null, List.of("noop"),
                new WorkloadOverrides(Duration.ofSeconds(2), Duration.ofSeconds(1), "2000", false, null), List.of(), 1,
                dir.resolve("results"), "sim", null, Duration.ofSeconds(1), null, dir);
        StringWriter text = new StringWriter();
        ManualClock clock = new ManualClock(5 * SECOND_NS);
        int exit = onManualClock(clock, () -> new Bench(req, new PrintWriter(text, true), null, clock).run());
        assertThat(exit).as(text.toString()).isZero();
        Path resultDir;
        try (var s = Files.list(dir.resolve("results"))) {
            resultDir = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        JsonNode run = runJson(resultDir);
        assertThat(run.get("status").asText()).isEqualTo("COMPLETE");
        JsonNode seq = run.get("sequences").get("totals");
        // 1 s warm-up + 2 s measured at 2000 msg/s: the schedule holds exactly 6000 messages, 4000 measured.
        assertThat(seq.get("acked").asLong()).isEqualTo(6000);
        assertThat(seq.get("delivered").asLong()).isEqualTo(6000);
        assertThat(seq.get("lost").asLong()).isZero();
        assertThat(run.get("summary").get("latencyMicros").get("response").get("count").asLong()).isEqualTo(4000);
        assertThat(run.get("summary").get("latencyMicros").get("send-delay").get("max").asLong())
                .as("a send happens at most one clock step after its intended time").isLessThanOrEqualTo(STEP_NS / 1000);
        assertThat(run.get("phases").get("measuredSeconds").asLong()).isEqualTo(2);
        assertThat(run.get("workload").get("values").get("payloadFile").asText()).isEqualTo("payload.data");
        assertThat(run.get("workload").get("values").get("testDuration").asText()).isEqualTo("2s");
        assertThat(text.toString()).contains("load starts in 1 s; warm-up 1s, measured 2s").contains("COMPLETE");
    }

    /** An agent behind a link that can be cut: every call fails once it is. */
    private static final class Cuttable implements AgentLink {
        private final AgentLink agent;
        private volatile boolean cut;

        Cuttable(AgentLink agent) {
            this.agent = agent;
        }

        private void check() throws IOException {
            if (cut) {
                throw new IOException("connection refused");
            }
        }

        @Override
        public String name() {
            return "cuttable";
        }

        @Override
        public Agent.ClockProbe probe() throws IOException {
            check();
            return agent.probe();
        }

        @Override
        public Status prepare(Assignment a) throws IOException {
            check();
            return agent.prepare(a);
        }

        @Override
        public Status start(String runId, long startAtNs, long measureFromNs, long endNs) throws IOException {
            check();
            return agent.start(runId, startAtNs, measureFromNs, endNs);
        }

        @Override
        public Status heartbeat(Command c) throws IOException {
            check();
            return agent.heartbeat(c);
        }

        @Override
        public Status abort(String runId, String why) throws IOException {
            check();
            return agent.abort(runId, why);
        }
    }

    @Test
    void aWorkerUnreachableForFiveSecondsEndsTheRunIncompleteWithWhatWasCollected(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock(5 * SECOND_NS);
        Workload w = Workload.builder().name("cut").messageSize(64).producerRate(1000).warmupDuration(Duration.ofSeconds(1))
                .testDuration(Duration.ofSeconds(60)).build();
        RunSettings settings = new RunSettings(w, null, new DriverSettings(), null, "noop", "none", null, List.of(), dir, "cut",
                "noop", Duration.ofSeconds(5));
        Cuttable link = new Cuttable(AgentLink.local(new Agent(clock)));
        StringWriter text = new StringWriter();
        Coordinator c = new Coordinator(settings, List.of(new WorkerRef(link, true, true)), new NoopDriver(), () -> -1,
                new PrintWriter(text, true), clock);
        FutureTask<RunOutcome> task = new FutureTask<>(c::run);
        Thread t = new Thread(task, "coordinator-under-test");
        t.setDaemon(true);
        t.start();
        clock.awaitQuiet(t);
        while (!text.toString().contains("load starts")) {
            clock.advance(STEP_NS);
        }
        for (int i = 0; i < 40; i++) {
            clock.advance(STEP_NS);
        }
        link.cut = true;
        long cutAtNs = clock.nanoTime();
        while (t.isAlive() && clock.nanoTime() - cutAtNs < 60 * SECOND_NS) {
            clock.advance(STEP_NS);
        }
        RunOutcome o = task.get(20, TimeUnit.SECONDS);
        long endedAfterNs = clock.nanoTime() - cutAtNs;
        assertThat(o.complete()).as(text.toString()).isFalse();
        assertThat(o.reason()).contains("cuttable unreachable for over 5 s");
        assertThat(endedAfterNs).as("run time from the cut to the end of the run").isBetween(5 * SECOND_NS, 8 * SECOND_NS);
        JsonNode run = runJson(o.resultDir());
        assertThat(run.get("status").asText()).isEqualTo("INCOMPLETE");
        assertThat(run.get("summary").get("latencyMicros").get("response").get("count").asLong())
                .as("the measured seconds reported before the cut are kept").isPositive();
        assertThat(o.record().store().lastIndex()).as("no second after the cut was recorded")
                .isLessThan(o.record().timeline().firstMeasuredInterval() + 3);
        assertThat(text.toString()).contains("run ended early: worker cuttable unreachable");
    }
}

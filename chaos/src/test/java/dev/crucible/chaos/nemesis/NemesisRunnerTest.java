package dev.crucible.chaos.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.crucible.chaos.cluster.Cluster;
import dev.crucible.chaos.cluster.Liveness;
import dev.crucible.chaos.cluster.Node;
import dev.crucible.chaos.history.HistoryRecorder;
import dev.crucible.chaos.time.ManualClock;
import dev.crucible.check.history.Op;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The schedule is played on the run's clock: a test moves it, and the faults start and heal on its time. */
class NemesisRunnerTest {
    @TempDir Path tmp;

    @Test
    void faultsStartAndHealAtTheirScheduledTimesOnTheRunClock() throws Exception {
        ManualClock clock = new ManualClock();
        HistoryRecorder recorder = new HistoryRecorder(tmp.resolve("history.jsonl"), clock);
        DiskNemesisTest.FakeNode down = new DiskNemesisTest.FakeNode(tmp);
        down.kill(); // a node that is down answers the liveness check at once, without the network
        Liveness liveness = new Liveness(new OneNode(down), Duration.ofSeconds(30), clock);
        Scripted kill = new Scripted("kill");
        Scripted pause = new Scripted("pause");
        Schedule schedule = new Schedule(List.of(new FaultEvent(600_000, 60_000, "pause", Map.of()),
                new FaultEvent(60_000, 30_000, "kill", Map.of())));
        NemesisRunner runner = new NemesisRunner(schedule, Map.of("kill", kill, "pause", pause), recorder, 1, liveness,
                line -> { });
        runner.clientStart(recorder.now());
        Thread thread = new Thread(runner, "test-nemesis");
        thread.start();
        try {
            clock.advance(Duration.ofSeconds(60));
            kill.await("started");
            clock.advance(Duration.ofSeconds(30));
            kill.await("healed");
            clock.advance(Duration.ofSeconds(510));
            pause.await("started");
            clock.advance(Duration.ofSeconds(60));
            pause.await("healed");
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertThat(thread.isAlive()).as("the runner ended with its schedule").isFalse();
        } finally {
            runner.stopAndHeal();
            thread.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(runner.windows()).extracting(FaultWindow::name, FaultWindow::fromSec, FaultWindow::toSec)
                .containsExactly(tuple("kill", 60.0, 90.0),
                        tuple("pause", 600.0, 660.0));
        assertThat(runner.windows().get(0).answers()).contains("n0 not running");
        Op firstStart = recorder.ops().get(0);
        assertThat(firstStart.f()).isEqualTo("start-kill");
        assertThat(firstStart.time()).isEqualTo(TimeUnit.SECONDS.toNanos(60));
        assertThat(runner.errors()).isEmpty();
    }

    /** A nemesis that reports each step to the test. */
    private static final class Scripted implements Nemesis {
        private final String name;
        private final BlockingQueue<String> steps = new LinkedBlockingQueue<>();

        Scripted(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public ActiveFault start(Random random, Map<String, Object> params) {
            steps.add("started");
            return new Fault(name + " n0", "took effect", () -> {
                steps.add("healed");
                return "healed";
            });
        }

        /** Waits (at most 30 s) for the next step, which must be {@code step}. */
        void await(String step) throws InterruptedException {
            assertThat(steps.poll(30, TimeUnit.SECONDS)).as(name + " " + step).isEqualTo(step);
        }
    }

    /** A cluster of one node, reached at its own address. */
    private record OneNode(Node node) implements Cluster {
        @Override
        public String kind() {
            return "test";
        }

        @Override
        public String version() {
            return "test";
        }

        @Override
        public List<Node> nodes() {
            return List.of(node);
        }

        @Override
        public String bootstrap() {
            return node.listenAddress();
        }

        @Override
        public void close() {}
    }
}

package dev.crucible.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crucible.load.remote.WorkerServer;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Coordinator and workers over HTTP on loopback, with the no-op target (no broker needed). */
class DistributedRunTest {

    private static BenchRequest request(Path out, List<String> workers, Duration duration, String rate) {
        return new BenchRequest(null, null, List.of("noop"), duration, Duration.ofSeconds(1), rate, workers, 1, out,
                "dist", null, Duration.ofSeconds(2), false, null, null, out);
    }

    private static JsonNode runJson(Path out) throws Exception {
        Path dir;
        try (Stream<Path> s = Files.list(out)) {
            dir = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        return new ObjectMapper().readTree(dir.resolve("run.json").toFile());
    }

    @Test
    void twoWorkersShareTheLoadAndTheirHistogramsMerge(@TempDir Path out) throws Exception {
        try (WorkerServer a = WorkerServer.start("127.0.0.1", 0); WorkerServer b = WorkerServer.start("127.0.0.1", 0)) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            int exit = new Bench(request(out, List.of("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port()),
                    Duration.ofSeconds(3), "2000"), new PrintWriter(new java.io.OutputStreamWriter(text, StandardCharsets.UTF_8), true)).run();
            assertThat(exit).as(text.toString(StandardCharsets.UTF_8)).isZero();
            JsonNode run = runJson(out);
            assertThat(run.get("status").asText()).isEqualTo("COMPLETE");
            assertThat(run.get("clocks")).hasSize(2);
            assertThat(run.get("clocks").get(0).get("method").asText()).isEqualTo("shared-monotonic");
            JsonNode seq = run.get("sequences").get("totals");
            // 1 s warm-up + 3 s measured at 2000 msg/s from the schedule: exactly 8000 messages.
            assertThat(seq.get("acked").asLong()).isEqualTo(8000);
            assertThat(seq.get("delivered").asLong()).isEqualTo(8000);
            assertThat(seq.get("lost").asLong()).isZero();
            assertThat(seq.get("duplicated").asLong()).isZero();
            JsonNode response = run.get("summary").get("latencyMicros").get("response");
            assertThat(response.get("count").asLong()).as("measured messages only").isEqualTo(6000);
            assertThat(run.get("summary").get("latencyMicros").get("end-to-end").get("count").asLong()).isEqualTo(6000);
        }
    }

    @Test
    void aWorkerKilledMidRunEndsTheRunIncompleteWithinBoundedTime(@TempDir Path out) throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), WorkerServer.class.getName(), "0").redirectErrorStream(true).start();
        try (WorkerServer healthy = WorkerServer.start("127.0.0.1", 0)) {
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            assertThat(line).startsWith("listening on ");
            String victim = "127.0.0.1:" + line.substring("listening on ".length()).trim();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PrintWriter ps = new PrintWriter(new java.io.OutputStreamWriter(text, StandardCharsets.UTF_8), true);
            int[] exit = {-1};
            Thread bench = new Thread(() -> {
                try {
                    exit[0] = new Bench(request(out, List.of("127.0.0.1:" + healthy.port(), victim), Duration.ofSeconds(60), "1000"), ps).run();
                } catch (Exception e) {
                    e.printStackTrace(ps);
                }
            });
            bench.start();
            while (!text.toString(StandardCharsets.UTF_8).contains("load starts")) {
                Thread.sleep(50);
            }
            Thread.sleep(3_000);
            child.destroyForcibly();
            long killedAt = System.nanoTime();
            bench.join(40_000);
            long endedAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            String said = text.toString(StandardCharsets.UTF_8);
            assertThat(bench.isAlive()).as(said).isFalse();
            assertThat(endedAfterMs).as("the run ends well before its planned 60 s").isLessThan(30_000);
            assertThat(exit[0]).as(said).isEqualTo(3);
            assertThat(said).contains("INCOMPLETE").contains(victim);
            JsonNode run = runJson(out);
            assertThat(run.get("status").asText()).isEqualTo("INCOMPLETE");
            assertThat(run.get("incompleteReason").asText()).contains(victim).contains("unreachable");
            long secondsRecorded = run.get("summary").get("latencyMicros").get("response").get("count").asLong();
            assertThat(secondsRecorded).as("what was collected before the failure is kept").isGreaterThan(500);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }
}

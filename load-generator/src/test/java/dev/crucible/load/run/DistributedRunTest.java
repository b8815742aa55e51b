package dev.crucible.load.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crucible.load.remote.WorkerServer;
import dev.crucible.load.workload.WorkloadOverrides;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Coordinator and workers over HTTP on loopback, with the no-op target (no broker needed). */
class DistributedRunTest {
    /** A live line printed in the measured phase: the load has run and seconds were collected. */
    private static final Pattern MEASURED_LIVE_LINE = Pattern.compile("(?m)^test\\s+\\[");

    private static BenchRequest request(Path out, List<String> workers, Duration duration, String rate) {
        return new BenchRequest(null, null, List.of("noop"), new WorkloadOverrides(duration, Duration.ofSeconds(1), rate, false, null),
                workers, 1, out, "dist", null, Duration.ofSeconds(2), null, out);
    }

    private static JsonNode runJson(Path out) throws Exception {
        Path dir;
        try (Stream<Path> s = Files.list(out)) {
            dir = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        return new ObjectMapper().readTree(dir.resolve("run.json").toFile());
    }

    /** Waits until what was printed matches {@code what}; fails with the output after {@code limit}. */
    private static void awaitOutput(ByteArrayOutputStream text, Pattern what, Duration limit) throws InterruptedException {
        long deadlineNs = System.nanoTime() + limit.toNanos();
        while (!what.matcher(text.toString(StandardCharsets.UTF_8)).find()) {
            assertThat(System.nanoTime() - deadlineNs).as("waiting for /" + what + "/ in:\n" + text.toString(StandardCharsets.UTF_8))
                    .isNegative();
            Thread.sleep(50);
        }
    }

    @Test
    void twoWorkersShareTheLoadAndTheirHistogramsMerge(@TempDir Path out) throws Exception {
        try (WorkerServer a = WorkerServer.start("127.0.0.1", 0); WorkerServer b = WorkerServer.start("127.0.0.1", 0)) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            int exit = new Bench(request(out, List.of("127.0.0.1:" + a.port(), "127.0.0.1:" + b.port()),
                    Duration.ofSeconds(3), "2000"), new PrintWriter(new OutputStreamWriter(text, StandardCharsets.UTF_8), true)).run();
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
    void aWorkerKilledMidRunEndsTheRunIncompleteBeforeItsPlannedEnd(@TempDir Path out) throws Exception {
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), WorkerServer.class.getName(), "0").redirectErrorStream(true).start();
        try (WorkerServer healthy = WorkerServer.start("127.0.0.1", 0)) {
            BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String line = r.readLine();
            assertThat(line).startsWith("listening on ");
            String victim = "127.0.0.1:" + line.substring("listening on ".length()).trim();
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            PrintWriter ps = new PrintWriter(new OutputStreamWriter(text, StandardCharsets.UTF_8), true);
            int[] exit = {-1};
            Thread bench = new Thread(() -> {
                try {
                    exit[0] = new Bench(request(out, List.of("127.0.0.1:" + healthy.port(), victim), Duration.ofSeconds(60), "1000"), ps).run();
                } catch (Exception e) {
                    e.printStackTrace(ps);
                }
            });
            bench.start();
            awaitOutput(text, MEASURED_LIVE_LINE, Duration.ofSeconds(60));
            child.destroyForcibly();
            // The run would go on for a minute; the coordinator gives up on the victim after 5 s unreachable.
            bench.join(TimeUnit.SECONDS.toMillis(60));
            String said = text.toString(StandardCharsets.UTF_8);
            assertThat(bench.isAlive()).as(said).isFalse();
            assertThat(exit[0]).as(said).isEqualTo(3);
            assertThat(said).contains("INCOMPLETE").contains(victim);
            JsonNode run = runJson(out);
            assertThat(run.get("status").asText()).isEqualTo("INCOMPLETE");
            assertThat(run.get("incompleteReason").asText()).contains(victim).contains("unreachable");
            long lastSecond = lastRecordedSecond(out);
            assertThat(lastSecond).as("the run ended before its planned end").isLessThan(run.get("phases").get("endInterval").asLong() - 1);
            long secondsRecorded = run.get("summary").get("latencyMicros").get("response").get("count").asLong();
            assertThat(secondsRecorded).as("what was collected before the failure is kept").isGreaterThan(500);
        } finally {
            child.destroyForcibly();
            child.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The last second throughput.csv has a row for. */
    private static long lastRecordedSecond(Path out) throws Exception {
        Path dir;
        try (Stream<Path> s = Files.list(out)) {
            dir = s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        List<String> rows = Files.readAllLines(dir.resolve("throughput.csv"));
        return Long.parseLong(rows.get(rows.size() - 1).split(",")[0]);
    }
}

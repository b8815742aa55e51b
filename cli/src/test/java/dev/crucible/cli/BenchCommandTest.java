package dev.crucible.cli;

import dev.crucible.testing.Await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code crucible bench} end to end: the embedded broker (broker-ref in a child JVM) and an Apache Kafka peer. */
class BenchCommandTest {

    private record Run(int exitCode, String out, String err) {}

    private static Run bench(StringWriter out, String... args) {
        CommandLine cl = Crucible.newCommandLine();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static Path resultDir(Path out) throws Exception {
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void aShortRunAgainstTheEmbeddedBrokerWritesACompleteResultDirectory(@TempDir Path out) throws Exception {
        Run run = bench(new StringWriter(), "bench", "--duration", "4s", "--warmup", "2s", "--rate", "2000",
                "--live-every", "2s", "--out", out.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("embedded broker pid").contains("COMPLETE").contains("results");
        Path dir = resultDir(out);
        List<String> written = List.of("run.json", "publish.hlog", "publish-service.hlog", "send-delay.hlog",
                "end-to-end.hlog", "throughput.csv", "omb-result.json");
        for (String f : written) {
            assertThat(dir.resolve(f)).exists();
        }
        JsonNode runJson = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertThat(runJson.get("status").asText()).isEqualTo("COMPLETE");
        assertThat(runJson.get("target").get("kind").asText()).isEqualTo("embedded");
        assertThat(runJson.get("target").get("launchedPids")).hasSize(1);
        JsonNode seq = runJson.get("sequences").get("totals");
        // 6 s of schedule at 2000 msg/s: 12,000 messages, every one acknowledged and received once, in order.
        assertThat(seq.get("acked").asLong()).isEqualTo(12_000);
        assertThat(seq.get("delivered").asLong()).isEqualTo(12_000);
        assertThat(seq.get("lost").asLong()).isZero();
        assertThat(seq.get("duplicated").asLong()).isZero();
        assertThat(seq.get("outOfOrder").asLong()).isZero();
        long responseCount = runJson.get("summary").get("latencyMicros").get("response").get("count").asLong();
        assertThat(responseCount).as("measured phase only: 4 s x 2000").isEqualTo(8_000);
        assertThat(runJson.get("cpu").get("targetCpuSeconds").asDouble()).isPositive();
        assertThat(runJson.get("workload").get("sha256").asText()).hasSize(64);
        // The interval log holds the same samples as the summary.
        long logged = 0;
        HistogramLogReader reader = new HistogramLogReader(dir.resolve("publish.hlog").toFile());
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            logged += ((org.HdrHistogram.Histogram) h).getTotalCount();
        }
        assertThat(logged).isEqualTo(responseCount);
        JsonNode omb = new ObjectMapper().readTree(dir.resolve("omb-result.json").toFile());
        assertThat(omb.get("aggregatedPublishLatency99pct").asDouble()).isPositive();
        assertThat(omb.get("publishRate")).isNotEmpty();
        assertThat(Files.readAllLines(dir.resolve("throughput.csv")).get(0)).startsWith("second,phase,");
    }

    /**
     * The embedded broker as a 3-node cluster (issue #19) with OMB's Kafka driver file, which asks for
     * replication factor 3 with min.insync.replicas 2 and acks=all: the cluster takes it, and every message
     * is acknowledged and delivered once, in order, over partitions led by three brokers. (300 msg/s: three
     * broker JVMs and the load on two cores, each acknowledgement waiting for fsyncs on two replicas.)
     */
    @Test
    void theEmbeddedBrokerRunsAsAThreeNodeCluster(@TempDir Path out) throws Exception {
        Path driver = out.resolve("omb-kafka.yaml");
        Files.writeString(driver, String.join("\n", "name: Kafka", "replicationFactor: 3", "topicConfig: |", "  min.insync.replicas=2",
                "producerConfig: |", "  acks=all", ""));
        Run run = bench(new StringWriter(), "bench", "--nodes", "3", "--driver", driver.toString(),
                "--duration", "3s", "--warmup", "1s", "--rate", "300", "--out", out.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("cluster of 3 broker-ref nodes").doesNotContain("refused by the target");
        JsonNode runJson = new ObjectMapper().readTree(resultDir(out).resolve("run.json").toFile());
        assertThat(runJson.get("target").get("kind").asText()).isEqualTo("embedded");
        assertThat(runJson.get("target").get("launchedPids")).hasSize(3);
        assertThat(runJson.get("target").get("version").asText()).contains("3 nodes");
        assertThat(runJson.get("target").get("durability").asText()).contains("replication.fsync=true", "every in-sync replica");
        JsonNode replication = runJson.get("driver").get("replication");
        assertThat(replication == null ? runJson.get("driver").get("replicationFactor").asInt() : replication.get("used").asInt())
                .as("topics replicated three times: %s", runJson.get("driver")).isEqualTo(3);
        JsonNode seq = runJson.get("sequences").get("totals");
        assertThat(seq.get("acked").asLong()).as("4 s at 300 msg/s").isBetween(1_195L, 1_205L);
        assertThat(seq.get("delivered").asLong()).isEqualTo(seq.get("acked").asLong());
        assertThat(seq.get("lost").asLong()).isZero();
        assertThat(seq.get("duplicated").asLong()).isZero();
        assertThat(seq.get("outOfOrder").asLong()).isZero();
    }

    @Test
    void theSameRunDrivesAnApacheKafkaPeerFromMavenCentral(@TempDir Path out) throws Exception {
        Run run = bench(new StringWriter(), "bench", "--target", "kafka:4.3.1", "--duration", "3s", "--warmup", "1s",
                "--rate", "1000", "--out", out.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        JsonNode runJson = new ObjectMapper().readTree(resultDir(out).resolve("run.json").toFile());
        assertThat(runJson.get("target").get("kind").asText()).isEqualTo("kafka");
        assertThat(runJson.get("target").get("version").asText()).isEqualTo("4.3.1");
        assertThat(runJson.get("target").get("launchedPids")).hasSize(1);
        JsonNode seq = runJson.get("sequences").get("totals");
        assertThat(seq.get("acked").asLong()).isEqualTo(4_000);
        assertThat(seq.get("delivered").asLong()).isEqualTo(4_000);
        assertThat(seq.get("lost").asLong()).isZero();
        assertThat(runJson.get("summary").get("latencyMicros").get("response").get("count").asLong()).isEqualTo(3_000);
        long pid = runJson.get("target").get("launchedPids").get(0).asLong();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the peer is stopped after the run").isFalse();
    }

    @Test
    void aBacklogRunHoldsConsumersBackThenDrainsEverything(@TempDir Path out) throws Exception {
        Path workload = out.resolve("backlog.yaml");
        Files.writeString(workload, String.join("\n", "name: backlog", "topics: 1", "partitionsPerTopic: 2",
                "messageSize: 1024", "producerRate: 4000", "consumerBacklogSizeGB: 0.005", "testDuration: 3s",
                "warmupDuration: 1s", ""));
        Path results = out.resolve("results");
        Run run = bench(new StringWriter(), "bench", workload.toString(), "--out", results.toString());
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("GB built; consumers drain it now").contains("backlog drained");
        JsonNode runJson = new ObjectMapper().readTree(resultDir(results).resolve("run.json").toFile());
        JsonNode seq = runJson.get("sequences").get("totals");
        assertThat(seq.get("acked").asLong()).isGreaterThan(5_000_000 / 1024);
        assertThat(seq.get("delivered").asLong()).isEqualTo(seq.get("acked").asLong());
        assertThat(seq.get("lost").asLong()).isZero();
        // Messages waited in the backlog: end-to-end latency is far above response time.
        JsonNode lat = runJson.get("summary").get("latencyMicros");
        assertThat(lat.get("end-to-end").get("p99").asLong()).isGreaterThan(10 * lat.get("response").get("p50").asLong());
    }

    /** Waits until {@code text} matches {@code what}; fails with what was printed after {@code limit}. */
    private static Matcher awaitOutput(StringWriter text, Pattern what, Duration limit) throws InterruptedException {
        Await.until(() -> "/" + what + "/ in:\n" + text, limit, () -> what.matcher(text.toString()).find());
        Matcher m = what.matcher(text.toString());
        m.find();
        return m;
    }

    @Test
    void aStalledBrokerShowsInResponseTimeButNotInServiceTime(@TempDir Path out) throws Exception {
        StringWriter text = new StringWriter();
        Run[] result = new Run[1];
        Thread t = new Thread(() -> result[0] = bench(text, "bench", "--duration", "10s", "--warmup", "2s", "--rate", "1000",
                "--max-outstanding", "10", "--live-every", "2s", "--out", out.toString()));
        t.start();
        long brokerPid = Long.parseLong(awaitOutput(text, Pattern.compile("embedded broker pid (\\d+)"), Duration.ofMinutes(2)).group(1));
        // Stall once a live line reports the measured phase, so the stall falls in what is measured.
        awaitOutput(text, Pattern.compile("(?m)^test\\s+\\["), Duration.ofMinutes(2));
        signal("STOP", brokerPid);
        Thread.sleep(2_000); // the stall itself: 2 s of the schedule fall due while the broker is stopped
        signal("CONT", brokerPid);
        t.join(TimeUnit.MINUTES.toMillis(3));
        assertThat(t.isAlive()).as(text.toString()).isFalse();
        assertThat(result[0].exitCode()).as(result[0].out() + result[0].err()).isZero();
        JsonNode lat = new ObjectMapper().readTree(resultDir(out).resolve("run.json").toFile())
                .get("summary").get("latencyMicros");
        long responseP99 = lat.get("response").get("p99").asLong();
        long serviceP99 = lat.get("service").get("p99").asLong();
        long delayP99 = lat.get("send-delay").get("p99").asLong();
        // About 2000 of 10,000 measured messages were due during the 2 s pause.
        assertThat(responseP99).as("response time p99 (us) reflects the stall").isGreaterThan(1_000_000);
        assertThat(delayP99).as("the schedule waited during the stall").isGreaterThan(1_000_000);
        assertThat(serviceP99).as("service time p99 (us) does not").isLessThan(responseP99 / 5);
        assertThat(lat.get("service").get("max").asLong()).as("a few in-flight messages did wait out the stall")
                .isGreaterThan(1_000_000);
    }

    private static void signal(String sig, long pid) throws Exception {
        Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).inheritIO().start();
        assertThat(p.waitFor()).isZero();
    }
}

package dev.crucible.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The perf tools' summaries as Apache Kafka 4.3.1's tools print them (captured from real runs), and their command lines. */
class PerfToolTest {

    @Test
    void producerPerformanceSummaryIsTheLastLineWithPercentilesNotAnIntervalLine() {
        String out = "Option --producer-props has been deprecated and will be removed in a future version.\n"
                + "133681 records sent, 26736.2 records/sec (26.11 MB/sec), 842.5 ms avg latency, 1317.0 ms max latency.\n"
                + "200000 records sent, 32102.728732 records/sec (31.35 MB/sec), 762.04 ms avg latency, 1317.00 ms max latency,"
                + " 673 ms 50th, 1261 ms 95th, 1306 ms 99th, 1315 ms 99.9th.\n";
        PerfTool.Summary s = PerfTool.PRODUCE.parse(out);
        assertThat(s.records()).isEqualTo(200_000);
        assertThat(s.recordsPerSec()).isEqualTo(32102.728732);
        assertThat(s.mbPerSec()).isEqualTo(31.35);
        assertThat(s.avgMs()).isEqualTo(762.04);
        assertThat(s.p50Ms()).isEqualTo(673);
        assertThat(s.p99Ms()).isEqualTo(1306);
        assertThat(s.p999Ms()).isEqualTo(1315);
    }

    @Test
    void consumerPerformanceColumnsAreFoundByName() {
        String out = "Warning: --messages is deprecated. Use --num-records instead.\n"
                + "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms,"
                + " fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec\n"
                + "2026-12-06 09:44:28:743, 2026-12-06 09:44:34:314, 195.3125, 35.0588, 200000, 35900.1975, 3468, 2103, 92.8733,"
                + " 95102.2349\n";
        PerfTool.Summary s = PerfTool.CONSUME.parse(out);
        assertThat(s.records()).isEqualTo(200_000);
        assertThat(s.recordsPerSec()).isEqualTo(35900.1975);
        assertThat(s.mbPerSec()).isEqualTo(35.0588);
        assertThat(s.p99Ms()).isEqualTo(-1);
    }

    @Test
    void endToEndLatencyPercentiles() {
        String out = "0\t99.444002\n1000\t4.037134\nAvg latency: 1.7746 ms\nPercentiles: 50th = 0, 99th = 9, 99.9th = 19\n";
        PerfTool.Summary s = PerfTool.E2E.parse(out);
        assertThat(s.avgMs()).isEqualTo(1.7746);
        assertThat(s.p50Ms()).isZero();
        assertThat(s.p99Ms()).isEqualTo(9);
        assertThat(s.p999Ms()).isEqualTo(19);
    }

    @Test
    void aRunThatPrintedNoSummaryIsAnErrorWithItsLastLinesNeverAZero() {
        assertThatThrownBy(() -> PerfTool.PRODUCE.parse("org.apache.kafka.common.errors.TimeoutException: boom\n"))
                .hasMessageContaining("ProducerPerformance printed no summary").hasMessageContaining("TimeoutException: boom");
        assertThatThrownBy(() -> PerfTool.CONSUME.parse("nothing\n")).hasMessageContaining("ConsumerPerformance printed no summary");
        assertThatThrownBy(() -> PerfTool.E2E.parse("Avg latency: 1 ms\n")).hasMessageContaining("EndToEndLatency printed no summary");
    }

    @Test
    void commandLinesCarryTheSettings() {
        assertThat(PerfTool.PRODUCE.arguments("127.0.0.1:9092", "perf", 10, 1024, "all", Map.of("linger.ms", "5")))
                .containsExactly("--topic", "perf", "--num-records", "10", "--record-size", "1024", "--throughput", "-1",
                        "--producer-props", "bootstrap.servers=127.0.0.1:9092", "acks=all", "linger.ms=5");
        assertThat(PerfTool.E2E.arguments("b:1", "t", 5, 100, "all", Map.of())).containsExactly("b:1", "t", "5", "all", "100");
        assertThatThrownBy(() -> PerfTool.CONSUME.arguments("b:1", "t", 5, 100, "1", Map.of("linger.ms", "5")))
                .hasMessageContaining("--client-config");
        assertThat(PerfTool.of("e2e")).isEqualTo(PerfTool.E2E);
        assertThatThrownBy(() -> PerfTool.of("flood")).hasMessageContaining("produce, consume or e2e");
    }

    @Test
    void mediansAreTakenPerTarget() {
        List<PerfCommand.Run> runs = List.of(run("a", 10), run("b", 4), run("a", 30), run("b", 8), run("a", 20));
        Map<String, double[]> m = PerfCommand.medians(runs, List.of("a", "b"));
        assertThat(m.get("a")[0]).isEqualTo(20);
        assertThat(m.get("b")[0]).isEqualTo(6);
    }

    private static PerfCommand.Run run(String target, double rate) {
        return new PerfCommand.Run(target, target, 1, new PerfTool.Summary(1, rate, 1, 1, 1, 1, 1), 1, 1, 1);
    }
}

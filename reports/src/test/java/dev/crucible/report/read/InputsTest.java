package dev.crucible.report.read;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.report.Fixtures;
import dev.crucible.report.model.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputsTest {

    @Test
    void anIntervalLogIsReadWholeWithItsFileNameAsLabel(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("v1.hlog");
        Histogram all = Fixtures.hlog(log, 1, 10, 500, 1.0);
        Inputs in = Inputs.read(List.of(log.toString()), 1.0, 1000.0);
        Run run = in.runs().get(0);
        assertThat(run.label()).isEqualTo("v1");
        var d = run.metrics().get("response").distribution();
        assertThat(d.count()).isEqualTo(all.getTotalCount());
        assertThat(d.valueAt(99)).isEqualTo((double) all.getValueAtPercentile(99));
        assertThat(run.metrics().get("response").intervals()).hasSize(10);
        assertThat(run.metrics().get("response").intervals().get(3).startSec()).isEqualTo(3.0);
        assertThat(run.measuredThroughput()).isEqualTo(500.0);
    }

    @Test
    void aLabelCanBeGivenByHandAndUnitsConverted(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("x.hlog");
        Histogram all = Fixtures.hlog(log, 2, 3, 100, 1.0);
        Run run = Inputs.read(List.of("base=" + log), 1000.0, 1000.0).runs().get(0);
        assertThat(run.label()).isEqualTo("base");
        assertThat(run.metrics().get("response").distribution().valueAt(50))
                .isEqualTo(all.getValueAtPercentile(50) * 1000.0);
    }

    @Test
    void aTruncatedIntervalLogIsRefusedNamingTheFile(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("t.hlog");
        Fixtures.hlog(log, 3, 5, 1000, 1.0);
        byte[] bytes = Files.readAllBytes(log);
        Files.write(log, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        assertThatThrownBy(() -> Inputs.read(List.of(log.toString()), 1.0, 1.0))
                .isInstanceOf(ReportInputException.class).hasMessageContaining("t.hlog").hasMessageContaining("interval 5");
    }

    @Test
    void filesThatAreNotWhatTheyClaimAreRefused(@TempDir Path dir) throws Exception {
        Path notLog = Files.writeString(dir.resolve("a.hlog"), "hello\n");
        assertThatThrownBy(() -> Inputs.read(List.of(notLog.toString()), 1.0, 1.0))
                .hasMessageContaining("a.hlog").hasMessageContaining("no interval histogram");
        Path json = Files.writeString(dir.resolve("b.json"), "{\"x\": 1}");
        assertThatThrownBy(() -> Inputs.read(List.of(json.toString()), 1.0, 1.0))
                .hasMessageContaining("b.json").hasMessageContaining("neither a JMH result");
        Path cut = Files.writeString(dir.resolve("c.json"), "[{\"benchmark\": \"a.B.c\", \"primaryMetric\": {\"sco");
        assertThatThrownBy(() -> Inputs.read(List.of(cut.toString()), 1.0, 1.0))
                .hasMessageContaining("c.json").hasMessageContaining("not valid JSON").hasMessageContaining("line 1");
        Path other = Files.writeString(dir.resolve("d.txt"), "x");
        assertThatThrownBy(() -> Inputs.read(List.of(other.toString()), 1.0, 1.0)).hasMessageContaining("d.txt");
        assertThatThrownBy(() -> Inputs.read(List.of(dir.resolve("none").toString()), 1.0, 1.0))
                .hasMessageContaining("does not exist");
    }

    @Test
    void aPercentileFileRebuildsItsCounts(@TempDir Path dir) throws Exception {
        Histogram h = new Histogram(3_600_000_000L, 3);
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 100_000; i++) {
            h.recordValue(1000 + r.nextInt(9000));
        }
        Path hgrm = dir.resolve("wrk2.hgrm");
        try (var ps = new java.io.PrintStream(Files.newOutputStream(hgrm))) {
            h.outputPercentileDistribution(ps, 5, 1000.0);
        }
        Run run = Inputs.read(List.of(hgrm.toString()), 1.0, 1000.0).runs().get(0);
        var d = run.metrics().get("response").distribution();
        assertThat(d.count()).isEqualTo(100_000);
        assertThat(d.valueAt(50) / h.getValueAtPercentile(50)).isBetween(0.98, 1.02);
        assertThat(d.valueAt(100)).isEqualTo((double) h.getMaxValue());
        Files.writeString(hgrm, Files.readString(hgrm).replaceAll("Total count\\s*=\\s*100000", "Total count = 100001"));
        assertThatThrownBy(() -> Inputs.read(List.of(hgrm.toString()), 1.0, 1000.0))
                .hasMessageContaining("wrk2.hgrm").hasMessageContaining("trailer");
    }

    @Test
    void anOmbResultGivesQuantilesInMicroseconds(@TempDir Path dir) throws Exception {
        Path omb = Files.writeString(dir.resolve("omb.json"), """
            {"workload":"w","driver":"kafka","publishRate":[1000.0,1000.0,1000.0],
             "publishLatency50pct":[1.0,1.2,1.1],"publishLatency99pct":[5.0,6.0,5.5],"publishLatencyMax":[9,9,9],
             "aggregatedPublishLatency50pct":1.1,"aggregatedPublishLatency99pct":5.5,"aggregatedPublishLatencyMax":9.0,
             "aggregatedPublishLatencyQuantiles":{"50.0":1.1,"90.0":3.0,"99.0":5.5,"100.0":9.0}}
            """);
        Run run = Inputs.read(List.of(omb.toString()), 1.0, 1.0).runs().get(0);
        var d = run.metrics().get("response").distribution();
        assertThat(d.valueAt(99)).isEqualTo(5500.0);
        assertThat(d.valueAt(90)).isEqualTo(3000.0);
        assertThat(d.count()).isEqualTo(30_000);
        assertThat(run.measuredThroughput()).isEqualTo(1000.0);
    }
}

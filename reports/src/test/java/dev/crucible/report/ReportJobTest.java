package dev.crucible.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crucible.report.stats.Rules;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJobTest {
    private record Result(int exit, String out, String err) {}

    private static Result run(List<String> inputs, Path out, String failOn) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int exit = ReportJob.run(new ReportJob.Settings(inputs, null, out, failOn, Rules.defaults(), 1.0, 1000.0),
                new PrintWriter(o, true), new PrintWriter(e, true));
        return new Result(exit, o.toString(), e.toString());
    }

    @Test
    void theGateFailsOnARegressionPastItsThresholdOnly(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("v1.hlog");
        Path b = dir.resolve("v2.hlog");
        Histogram ha = Fixtures.hlog(a, 1, 40, 3000, 1.0);
        Histogram hb = Fixtures.hlog(b, 2, 40, 3000, 1.2);
        Result failed = run(List.of(a.toString(), b.toString()), dir.resolve("r1"), "p99=+10%,throughput=-5%");
        assertThat(failed.exit()).as(failed.out() + failed.err()).isEqualTo(1);
        assertThat(failed.out()).contains("FAILED --fail-on-regression").contains("v2 response p99").contains("p99=+10%");
        Result passed = run(List.of(a.toString(), b.toString()), dir.resolve("r2"), "p99=+50%");
        assertThat(passed.exit()).as(passed.out()).isZero();
        assertThat(passed.out()).contains("passed --fail-on-regression");

        JsonNode verdict = new ObjectMapper().readTree(dir.resolve("r1/verdict.json").toFile());
        assertThat(verdict.get("baseline").asText()).isEqualTo("v1");
        assertThat(verdict.get("overall").asText()).isEqualTo("REGRESSION");
        JsonNode p99 = null;
        for (JsonNode row : verdict.get("rows")) {
            if (row.get("metric").asText().equals("response") && row.get("statistic").asText().equals("p99")) {
                p99 = row;
            }
        }
        assertThat(p99).isNotNull();
        assertThat(p99.get("baseline").asDouble()).isEqualTo((double) ha.getValueAtPercentile(99));
        assertThat(p99.get("value").asDouble()).isEqualTo((double) hb.getValueAtPercentile(99));
        assertThat(p99.get("verdict").asText()).isEqualTo("REGRESSION");
        assertThat(p99.get("intervalLow").asDouble()).isPositive();
    }

    @Test
    void theReportIsOneOfflineFileWithChartsAndTheMethod(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("base.hlog");
        Path b = dir.resolve("cand.hlog");
        Fixtures.hlog(a, 3, 20, 2000, 1.0);
        Fixtures.hlog(b, 4, 20, 2000, 1.0);
        Result r = run(List.of(a.toString(), b.toString()), dir.resolve("out"), null);
        assertThat(r.exit()).as(r.err()).isZero();
        String html = Files.readString(dir.resolve("out/report.html"));
        assertThat(html).contains("<svg").contains("percentile spectrum").contains("How the verdict is computed")
                .contains("base").contains("cand").contains("NO CHANGE");
        assertThat(html).doesNotContain("<script").doesNotContain("<link").doesNotContain("<img")
                .doesNotContainPattern("(src|href)\\s*=\\s*\"?(https?:)?//").doesNotContain("@import").doesNotContain("url(");
        String md = Files.readString(dir.resolve("out/report.md"));
        assertThat(md).contains("| cand | response | p99 |").contains("How the verdict is computed");
    }

    @Test
    void badInputMakesNoReport(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("good.hlog");
        Fixtures.hlog(a, 5, 5, 100, 1.0);
        Path bad = Files.writeString(dir.resolve("bad.hlog"), "#[StartTime: 1.0]\nTag=x,0.0,1.0,0.0,HISTFAAAAnonsense\n");
        Result r = run(List.of(a.toString(), bad.toString()), dir.resolve("out"), null);
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("bad.hlog").contains("no report was made");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void jmhResultsCompareByTheSameRules(@TempDir Path dir) throws Exception {
        Path a = Files.writeString(dir.resolve("before.json"), jmh(100, 1.0));
        Path b = Files.writeString(dir.resolve("after.json"), jmh(130, 1.0));
        Result r = run(List.of(a.toString(), b.toString()), dir.resolve("out"), "jmh=50%");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        JsonNode rows = new ObjectMapper().readTree(dir.resolve("out/verdict.json").toFile()).get("rows");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).get("statistic").asText()).isEqualTo("PathBenchmark.produce size=1024");
        assertThat(rows.get(0).get("verdict").asText()).isEqualTo("IMPROVEMENT");
        assertThat(rows.get(1).get("verdict").asText()).as("avgt: higher is worse").isEqualTo("REGRESSION");
        Result gated = run(List.of(a.toString(), b.toString()), dir.resolve("out2"), "jmh=10%");
        assertThat(gated.exit()).isEqualTo(1);
        assertThat(gated.out()).contains("PathBenchmark.latency");
    }

    private static String jmh(double score, double spread) {
        return """
        [{"benchmark":"dev.crucible.bench.PathBenchmark.produce","mode":"thrpt","params":{"size":"1024"},
          "primaryMetric":{"score":%1$s,"scoreError":1.0,"scoreUnit":"ops/s",
            "rawData":[[%2$s,%3$s,%1$s],[%3$s,%1$s,%2$s]]}},
         {"benchmark":"dev.crucible.bench.PathBenchmark.latency","mode":"avgt",
          "primaryMetric":{"score":%1$s,"scoreError":1.0,"scoreUnit":"ns/op",
            "rawData":[[%2$s,%3$s,%1$s],[%3$s,%1$s,%2$s]]}}]
        """.formatted(score, score - spread, score + spread);
    }
}

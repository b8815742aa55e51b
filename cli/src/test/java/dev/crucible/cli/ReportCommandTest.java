package dev.crucible.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crucible report} on real short runs: numbers against the HDR logs, and the page in a real browser. */
class ReportCommandTest {

    private static Histogram merged(Path hlog) throws Exception {
        Histogram all = new Histogram(3_600_000_000L, 3);
        HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            all.add((Histogram) h);
        }
        return all;
    }

    private static double measuredAcked(Path csv) throws Exception {
        List<String> lines = Files.readAllLines(csv);
        double sum = 0;
        int n = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",");
            if (f[1].equals("test")) {
                sum += Double.parseDouble(f[4]);
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void benchOfTwoTargetsEndsWithAComparisonReportWhoseNumbersAreTheLogs(@TempDir Path out) throws Exception {
        CliRun bench = CliRun.of("bench", "--target", "embedded,noop", "--duration", "3s", "--warmup", "1s", "--rate", "2000",
                "--out", out.toString());
        assertThat(bench.exitCode()).as(bench.out() + bench.err()).isZero();
        assertThat(bench.out()).contains("report      ").contains("comparison  ");
        List<Path> runs;
        try (Stream<Path> s = Files.list(out)) {
            runs = s.filter(p -> Files.exists(p.resolve("run.json"))).sorted().toList();
        }
        assertThat(runs).hasSize(2);
        runs.forEach(r -> assertThat(r.resolve("report.html")).exists());
        Path compare;
        try (Stream<Path> s = Files.list(out)) {
            compare = s.filter(p -> p.getFileName().toString().startsWith("compare-")).findFirst().orElseThrow();
        }
        assertThat(Files.readString(compare.resolve("report.html"))).contains("embedded:broker-ref").contains("noop:none");

        Path embedded = runs.stream().filter(r -> r.toString().endsWith("embedded")).findFirst().orElseThrow();
        Path noop = runs.stream().filter(r -> r.toString().endsWith("noop")).findFirst().orElseThrow();
        Path reportDir = out.resolve("report");
        CliRun report = CliRun.of("report", embedded.toString(), noop.toString(), "--out", reportDir.toString(),
                "--fail-on-regression", "p50=+10%");
        assertThat(report.exitCode()).as(report.out() + report.err()).isZero();
        assertThat(report.out()).contains("IMPROVEMENT").contains("passed --fail-on-regression");

        JsonNode verdict = new ObjectMapper().readTree(reportDir.resolve("verdict.json").toFile());
        assertThat(verdict.get("baseline").asText()).as("labelled with the checkout's revision").startsWith("embedded:broker-ref@");
        Histogram base = merged(embedded.resolve("publish.hlog"));
        Histogram cand = merged(noop.resolve("publish.hlog"));
        for (JsonNode row : verdict.get("rows")) {
            String stat = row.get("statistic").asText();
            if (row.get("metric").asText().equals("response") && stat.startsWith("p")) {
                double p = Double.parseDouble(stat.substring(1));
                assertThat(row.get("baseline").asDouble()).as(stat).isEqualTo((double) base.getValueAtPercentile(p));
                assertThat(row.get("value").asDouble()).as(stat).isEqualTo((double) cand.getValueAtPercentile(p));
            }
            if (row.get("metric").asText().equals("throughput")) {
                assertThat(row.get("baseline").asDouble()).isEqualTo(measuredAcked(embedded.resolve("throughput.csv")));
            }
        }
        // 3 s x 2,000 msg/s = 6,000 samples: p50 and p90 are judged, p99 needs 10,000.
        assertThat(row(verdict, "response", "p50").get("verdict").asText()).isEqualTo("IMPROVEMENT");
        assertThat(row(verdict, "response", "p99").get("verdict").asText()).isEqualTo("INCONCLUSIVE");
        assertThat(row(verdict, "response", "p99").get("reason").asText()).contains("too few samples");
        assertThat(row(verdict, "response", "max").get("verdict").asText()).isEqualTo("NOT JUDGED");

        HeadlessBrowser.Shot shot = HeadlessBrowser.screenshot(reportDir.resolve("report.html"),
                Path.of("target", "screenshots"), 1280, 7000);
        assertThat(shot.pageRequests()).as("the report asks for nothing over the network").isEmpty();
        assertShowsCharts(shot.png());
    }

    private static JsonNode row(JsonNode verdict, String metric, String stat) {
        for (JsonNode row : verdict.get("rows")) {
            if (row.get("metric").asText().equals(metric) && row.get("statistic").asText().equals(stat)) {
                return row;
            }
        }
        throw new AssertionError("no row " + metric + " " + stat);
    }

    /** Not blank: many colours, a good share of ink, and the first two series colours drawn as lines. */
    private static void assertShowsCharts(Path png) throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        Set<Integer> colours = new HashSet<>();
        long ink = 0;
        long blue = 0;
        long vermillion = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y) & 0xffffff;
                colours.add(rgb);
                if (rgb != 0xffffff) {
                    ink++;
                }
                if (near(rgb, 0x0072B2)) {
                    blue++;
                }
                if (near(rgb, 0xD55E00)) {
                    vermillion++;
                }
            }
        }
        long pixels = (long) img.getWidth() * img.getHeight();
        assertThat(colours.size()).as("distinct colours").isGreaterThan(50);
        assertThat(ink).as("non-white pixels").isGreaterThan(pixels / 50);
        assertThat(blue).as("pixels of the first series' colour").isGreaterThan(300);
        assertThat(vermillion).as("pixels of the second series' colour").isGreaterThan(300);
    }

    private static boolean near(int rgb, int want) {
        int dr = Math.abs(((rgb >> 16) & 0xff) - ((want >> 16) & 0xff));
        int dg = Math.abs(((rgb >> 8) & 0xff) - ((want >> 8) & 0xff));
        int db = Math.abs((rgb & 0xff) - (want & 0xff));
        return dr + dg + db < 40;
    }

    @Test
    void theNetworkCheckSeesARequestWhenAPageMakesOne(@TempDir Path dir) throws Exception {
        Path page = Files.writeString(dir.resolve("leaky.html"),
                "<html><body><img src=\"http://192.0.2.1/x.png\"><p>control</p></body></html>");
        HeadlessBrowser.Shot shot = HeadlessBrowser.screenshot(page, dir.resolve("shots"), 400, 300);
        assertThat(shot.pageRequests()).contains("http://192.0.2.1/x.png");
    }
}

package dev.crucible.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.junit.jupiter.api.Test;

/** Writes target/chart-demo.html with a few typical charts for a person to look at. */
class ChartDemoTest {

    @Test
    void writesDemoPage() throws IOException {
        String empty = Chart.of("Nothing recorded", Axis.linear("Time", "s"), Axis.linear("Rate", "msg/s"))
                .add(Series.line("run A", new double[0], new double[0])).svg();
        List<String> charts = List.of(spectrum(), latencyOverTime(), throughputByConfig(), manyCategories(),
                ratio(), narrowWithLongLegend(), tiny(), empty);
        StringBuilder html = new StringBuilder("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>Chart demo</title><style>body{margin:24px auto;max-width:960px;"
                + "font-family:system-ui,sans-serif}figure{margin:0 0 32px}</style></head><body>\n"
                + "<h1>Crucible chart demo</h1>\n");
        for (String svg : charts) {
            html.append("<figure>").append(svg).append("</figure>\n");
        }
        html.append("</body></html>\n");
        Path file = Path.of("target", "chart-demo.html");
        Files.writeString(file, html, StandardCharsets.UTF_8);
        assertThat(file).isNotEmptyFile();
        // Offline: nothing is fetched (the only URL is the SVG namespace name, which is never loaded).
        assertThat(html.toString()).doesNotContain("href", "src=", "<script", "url(", "@import", "@font-face");
    }

    /** A latency spectrum of three runs, as the HdrHistogram percentile output would give it. */
    private static String spectrum() {
        Chart chart = Chart.of("Latency spectrum (end-to-end)", Axis.nines("Percentile"),
                Axis.log("Latency", "ms"));
        String[] names = {"baseline (acks=1)", "candidate (acks=1, zero-copy)", "candidate (acks=all)"};
        double[] scale = {2.1, 1.6, 3.4};
        Random random = new Random(42);
        for (int s = 0; s < names.length; s++) {
            Histogram h = new Histogram(3_600_000_000L, 3);
            for (int i = 0; i < 200_000; i++) {
                double micros = scale[s] * 1000 * Math.exp(random.nextGaussian() * 0.35);
                if (random.nextInt(2000) == 0) {
                    micros *= 20 + random.nextInt(30);
                }
                h.recordValue((long) micros);
            }
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (HistogramIterationValue v : h.percentiles(5)) {
                if (v.getPercentileLevelIteratedTo() >= 100) {
                    break;
                }
                xs.add(v.getPercentileLevelIteratedTo());
                ys.add(v.getValueIteratedTo() / 1000.0);
            }
            chart.add(Series.line(names[s], toArray(xs), toArray(ys)));
        }
        return chart.svg();
    }

    private static String latencyOverTime() {
        int n = 180;
        double[] t = new double[n];
        double[] p99 = new double[n];
        double[] p50 = new double[n];
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            t[i] = i;
            double warm = i < 30 ? 3 * Math.exp(-i / 8.0) : 0;
            double fault = i >= 95 && i < 115 ? 18 : 0;
            p50[i] = 2.2 + warm + fault * 0.3 + random.nextDouble() * 0.3;
            p99[i] = 7.5 + 4 * warm + fault + random.nextDouble() * 2;
        }
        p99[60] = Double.NaN; // a lost interval breaks the line
        p50[60] = Double.NaN;
        return Chart.of("Latency per second", Axis.linear("Time since start", "s"),
                        Axis.linear("Latency", "ms").withMin(0))
                .add(Series.of("p99", t, p99, Style.STEP))
                .add(Series.of("p50", t, p50, Style.STEP))
                .band(Band.of(0, 30, "warm-up"))
                .band(new Band(95, 115, "broker 2 killed", "#D55E00"))
                .refLine(new RefLine(25, "SLO 25 ms"))
                .svg();
    }

    private static String throughputByConfig() {
        return ChartGoldenTest.throughputByConfig(); // the same chart the golden test pins
    }

    private static String manyCategories() {
        List<String> names = new ArrayList<>();
        double[] x = new double[30];
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            names.add("partitions=" + (i + 1) * 4 + ", batch=" + (16 << (i % 4)) + "k");
            x[i] = i;
            y[i] = 100 + 40 * Math.sin(i / 3.0);
        }
        return Chart.of("Throughput across 30 configurations (long names rotate)", Axis.categories("Configuration",
                names), Axis.linear("Throughput", "MB/s")).add(Series.of("median of 5", x, y, Style.LINE_AND_DOTS))
                .size(720, 360).svg();
    }

    private static String ratio() {
        return ChartGoldenTest.ratio(); // the same chart the golden test pins
    }

    private static String narrowWithLongLegend() {
        Chart chart = Chart.of("Consumer lag per partition (a narrow chart, legend wraps)",
                Axis.linear("Time", "s"), Axis.linear("Lag", "records").withMin(0)).size(480, 300);
        for (int p = 0; p < 10; p++) {
            double[] x = new double[60];
            double[] y = new double[60];
            for (int i = 0; i < 60; i++) {
                x[i] = i * 5;
                y[i] = 1000 * (p + 1) * (1 + Math.sin(i / 6.0 + p));
            }
            chart.add(Series.line("partition " + p, x, y));
        }
        return chart.svg();
    }

    /** A very small chart: tick labels are thinned rather than overlapping. */
    private static String tiny() {
        return ChartGoldenTest.tiny(); // the same chart the golden test pins
    }

    private static double[] toArray(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).toArray();
    }
}

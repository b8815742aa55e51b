package dev.crucible.report.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SVG of representative charts, byte for byte, against files recorded from the renderer: a change to
 * layout or drawing code that is meant to keep the output shows up here as a diff, not as a subtly moved
 * label. The charts reach every drawing branch (each style, bands in and out of range, reference lines at
 * the top, rotated and thinned labels, wrapped legends, no data).
 *
 * <p>When the output is meant to change, run with {@code -Dchart.golden.write=true} to record the new files
 * under {@code src/test/resources}, look at them, and commit them with the change.
 */
class ChartGoldenTest {

    private static final String DIR = "golden/";

    static Stream<Arguments> charts() {
        return cases().entrySet().stream().map(e -> Arguments.of(e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("charts")
    void svgIsTheRecordedOne(String name, Supplier<String> chart) throws IOException {
        String svg = chart.get();
        if (Boolean.getBoolean("chart.golden.write")) {
            Path file = Path.of("src", "test", "resources", "dev", "crucible", "report", "chart", DIR + name + ".svg");
            Files.createDirectories(file.getParent());
            Files.writeString(file, svg, StandardCharsets.UTF_8);
        }
        try (InputStream in = ChartGoldenTest.class.getResourceAsStream(DIR + name + ".svg")) {
            assertThat(in).as("recorded " + name + ".svg (record with -Dchart.golden.write=true)").isNotNull();
            assertThat(svg).isEqualTo(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Map<String, Supplier<String>> cases() {
        Map<String, Supplier<String>> c = new LinkedHashMap<>();
        c.put("spectrum", ChartGoldenTest::spectrum);
        c.put("latency-over-time", ChartGoldenTest::latencyOverTime);
        c.put("throughput-by-config", ChartGoldenTest::throughputByConfig);
        c.put("many-categories", ChartGoldenTest::manyCategories);
        c.put("ratio", ChartGoldenTest::ratio);
        c.put("narrow-long-legend", ChartGoldenTest::narrowWithLongLegend);
        c.put("tiny", ChartGoldenTest::tiny);
        c.put("no-data", ChartGoldenTest::noData);
        c.put("single-point", ChartGoldenTest::singlePoint);
        c.put("edges", ChartGoldenTest::edges);
        c.put("log-dots", ChartGoldenTest::logDots);
        c.put("gaps", ChartGoldenTest::gaps);
        c.put("forced-categories", ChartGoldenTest::forcedCategories);
        c.put("untitled-negative", ChartGoldenTest::untitledNegative);
        c.put("flat-log", ChartGoldenTest::flatLog);
        c.put("flat-forced", ChartGoldenTest::flatForced);
        return c;
    }

    /** Three latency spectra on a nines axis against a log axis. */
    private static String spectrum() {
        Chart chart = Chart.of("Latency spectrum (end-to-end)", Axis.nines("Percentile"), Axis.log("Latency", "ms"));
        String[] names = {"baseline (acks=1)", "candidate (acks=1, zero-copy)", "candidate (acks=all)"};
        double[] scale = {2.1, 1.6, 3.4};
        double[] ps = {0, 10, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.999};
        for (int s = 0; s < names.length; s++) {
            double[] ms = new double[ps.length];
            for (int i = 0; i < ps.length; i++) {
                ms[i] = scale[s] * (1 + i * i * 0.37);
            }
            chart.add(Series.line(names[s], ps, ms));
        }
        return chart.svg();
    }

    /** Steps with a lost interval, two bands (one coloured), a reference line, y forced from 0. */
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
        p99[60] = Double.NaN;
        p50[60] = Double.NaN;
        return Chart.of("Latency per second", Axis.linear("Time since start", "s"), Axis.linear("Latency", "ms").withMin(0))
                .add(Series.of("p99", t, p99, Style.STEP))
                .add(Series.of("p50", t, p50, Style.STEP))
                .band(Band.of(0, 30, "warm-up"))
                .band(new Band(95, 115, "broker 2 killed", "#D55E00"))
                .refLine(new RefLine(25, "SLO 25 ms"))
                .svg();
    }

    /** Dots on a categorical axis with a dashed target line. */
    static String throughputByConfig() {
        List<String> configs = List.of("acks=0", "acks=1", "acks=all", "acks=all, lz4", "acks=all, zstd");
        double[][] runs = {{812, 640, 505, 590, 470}, {799, 655, 498, 602, 480}, {825, 631, 512, 585, 462}};
        Chart chart = Chart.of("Sustained throughput by producer configuration",
                Axis.categories("Configuration", configs), Axis.linear("Throughput", "k msg/s").withMin(0));
        double[] idx = {0, 1, 2, 3, 4};
        for (int r = 0; r < runs.length; r++) {
            double[] x = idx.clone();
            for (int i = 0; i < x.length; i++) {
                x[i] += (r - 1) * 0.12;
            }
            chart.add(Series.of("run " + (r + 1), x, runs[r], Style.DOTS));
        }
        return chart.add(Series.of("target rate", new double[] {-0.5, 4.5}, new double[] {600, 600}, Style.DASHED)).svg();
    }

    /** Thirty long category names: rotated, thinned, the first one kept inside the chart. */
    private static String manyCategories() {
        List<String> names = new ArrayList<>();
        double[] x = new double[30];
        double[] y = new double[30];
        for (int i = 0; i < 30; i++) {
            names.add("partitions=" + (i + 1) * 4 + ", batch=" + (16 << (i % 4)) + "k, a rather long configuration name");
            x[i] = i;
            y[i] = 100 + 40 * Math.sin(i / 3.0);
        }
        return Chart.of("Throughput across 30 configurations (long names rotate)", Axis.categories("Configuration", names),
                Axis.linear("Throughput", "MB/s")).add(Series.of("median of 5", x, y, Style.LINE_AND_DOTS)).size(720, 360).svg();
    }

    /** A ratio around a reference line, with text that needs escaping. */
    static String ratio() {
        double[] x = new double[40];
        double[] a = new double[40];
        double[] b = new double[40];
        for (int i = 0; i < 40; i++) {
            x[i] = 1000 + i * 2500;
            a[i] = 1 + 0.08 * Math.sin(i / 4.0);
            b[i] = 0.93 + 0.002 * i;
        }
        return Chart.of("Candidate / baseline latency ratio by offered load", Axis.linear("Offered load", "msg/s"),
                        Axis.linear("Ratio", ""))
                .add(Series.of("p50 ratio", x, a, Style.LINE_AND_DOTS))
                .add(Series.of("p99 ratio <worse above 1> & \"quoted\"", x, b, Style.LINE))
                .refLine(new RefLine(1.0, "no change (1.0)"))
                .svg();
    }

    /** Ten series in a narrow chart: the legend wraps, the palette wraps, the chart grows taller. */
    private static String narrowWithLongLegend() {
        Chart chart = Chart.of("Consumer lag per partition (a narrow chart, legend wraps)",
                Axis.linear("Time", "s"), Axis.linear("Lag", "records").withMin(0)).size(480, 200);
        for (int p = 0; p < 10; p++) {
            double[] x = new double[60];
            double[] y = new double[60];
            for (int i = 0; i < 60; i++) {
                x[i] = i * 5;
                y[i] = 1000 * (p + 1) * (1 + Math.sin(i / 6.0 + p));
            }
            chart.add(Series.line("partition " + p + " of the topic called orders-eu-west", x, y));
        }
        return chart.band(Band.of(100, 150, "rebalance")).band(Band.of(200, 210, "rebalance")).svg();
    }

    /** The smallest chart: tick labels are thinned on both axes. */
    static String tiny() {
        double[] x = new double[100];
        double[] y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = 1_000_000 + i * 1234.5;
            y[i] = i * 0.0731;
        }
        return Chart.of("Tiny", Axis.linear("Offset", ""), Axis.linear("Value", "")).size(200, 120)
                .add(Series.line("s", x, y)).svg();
    }

    /** Nothing drawable: a frame saying so, axis titles and a legend all the same. */
    private static String noData() {
        return Chart.of("Nothing recorded", Axis.linear("Time", "s"), Axis.log("Rate", "msg/s"))
                .add(Series.line("run A", new double[] {1, 2}, new double[] {0, -3}))
                .add(Series.of("run B", new double[0], new double[0], Style.DOTS))
                .band(Band.of(0, 1, "warm-up"))
                .refLine(new RefLine(5, "limit"))
                .svg();
    }

    private static String singlePoint() {
        return Chart.of("One point", Axis.linear("x", ""), Axis.linear("y", ""))
                .add(Series.line("alone", new double[] {3}, new double[] {3})).svg();
    }

    /**
     * Bands partly and wholly outside the plot and one of zero width, a reference line along the top of the
     * plot and one outside it, labels that do not fit, a long title.
     */
    private static String edges() {
        double[] x = {0, 10, 20, 30, 40, 50};
        double[] y = {1, 4, 2, 8, 5, 10};
        String longText = "a label far too long to fit anywhere in this plot, so it is cut short with an ellipsis";
        return Chart.of("A very long chart title that keeps going well past the width of the chart so it must be cut"
                        + " short", Axis.linear("x", "").withMax(50), Axis.linear("y", "").withMax(10))
                .add(new Series("coloured", x, y, Style.LINE, "#123456"))
                .band(Band.of(-20, 5, "starts before"))
                .band(Band.of(45, 90, longText))
                .band(Band.of(200, 300, "outside"))
                .band(Band.of(25, 25, "moment"))
                .band(Band.of(12, 14, ""))
                .refLine(new RefLine(10, "at the top"))
                .refLine(new RefLine(3, longText))
                .refLine(new RefLine(20, "outside"))
                .refLine(new RefLine(7, null))
                .svg();
    }

    /** A log axis with forced bounds, non-positive values skipped, many and few dots, bands on a nines axis. */
    private static String logDots() {
        Random random = new Random(11);
        double[] x = new double[600];
        double[] y = new double[600];
        double[] x2 = new double[150];
        double[] y2 = new double[150];
        for (int i = 0; i < x.length; i++) {
            x[i] = 99.9 * random.nextDouble();
            y[i] = i % 50 == 0 ? -1 : Math.pow(10, 4 * random.nextDouble());
        }
        for (int i = 0; i < x2.length; i++) {
            x2[i] = 99 * random.nextDouble();
            y2[i] = Math.pow(10, 3 * random.nextDouble());
        }
        return Chart.of("Dots", Axis.nines("Percentile"), Axis.log("Latency", "us").withMin(0.5).withMax(20_000))
                .add(Series.of("many", x, y, Style.DOTS))
                .add(Series.of("some", x2, y2, Style.DOTS))
                .add(Series.of("with line", new double[] {0, 50, 90, 99}, new double[] {1, 2, 5, 50}, Style.LINE_AND_DOTS))
                .band(Band.of(95, 120, "tail"))
                .band(Band.of(-10, 5, "head"))
                .size(640, 400)
                .svg();
    }

    /** Lines and steps broken by gaps: lone points between gaps, a gap at the end, infinite values. */
    private static String gaps() {
        double nan = Double.NaN;
        double[] x = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        return Chart.of("Gaps", Axis.linear("t", "s"), Axis.linear("v", ""))
                .add(Series.line("line", x, new double[] {1, nan, 2, nan, 3, 4, nan, Double.POSITIVE_INFINITY, 5, nan}))
                .add(Series.of("step", x, new double[] {2, 3, nan, 4, nan, nan, 5, 6, 7, nan}, Style.STEP))
                .add(Series.of("dashed", new double[] {0, nan, 9}, new double[] {0.5, 1, 6}, Style.DASHED))
                .add(Series.of("never drawn", new double[] {1, 2}, new double[] {nan, nan}, Style.DOTS))
                .svg();
    }

    /** A categorical axis with forced bounds that leave some categories out. */
    private static String forcedCategories() {
        List<String> names = List.of("a", "b", "c", "d", "e", "f");
        return Chart.of("Some categories", Axis.categories("Letter", names).withMin(0.5).withMax(4.5),
                        Axis.linear("Count", "").withMin(0))
                .add(Series.of("count", new double[] {0, 1, 2, 3, 4, 5}, new double[] {3, 1, 4, 1, 5, 9},
                        Style.LINE_AND_DOTS))
                .svg();
    }

    /** No title and no axis titles, values below zero, a large width. */
    private static String untitledNegative() {
        double[] x = new double[25];
        double[] y = new double[25];
        for (int i = 0; i < x.length; i++) {
            x[i] = -0.004 + i * 0.0007;
            y[i] = -2_500_000 + i * 180_000.0;
        }
        return Chart.of("", Axis.linear("", ""), Axis.linear("", "")).size(1200, 300)
                .add(Series.line("", x, y)).svg();
    }

    /** One value on a nines axis against a log axis: both ranges are widened around it. */
    private static String flatLog() {
        return Chart.of("Flat", Axis.nines("Percentile"), Axis.log("Latency", "ms"))
                .add(Series.of("one", new double[] {50, 50}, new double[] {7, 7}, Style.LINE_AND_DOTS)).svg();
    }

    /** Flat data against one forced bound on each axis. */
    private static String flatForced() {
        return Chart.of("Flat, forced", Axis.linear("x", "").withMin(2), Axis.linear("y", "").withMax(0.25))
                .add(Series.line("level", new double[] {2, 2}, new double[] {0.25, 0.25}))
                .add(Series.of("rate", new double[] {2}, new double[] {0.25}, Style.DOTS)).svg();
    }
}

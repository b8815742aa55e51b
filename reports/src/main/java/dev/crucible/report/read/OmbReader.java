package dev.crucible.report.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crucible.report.model.Interval;
import dev.crucible.report.model.MetricSample;
import dev.crucible.report.model.RatePoint;
import dev.crucible.report.model.Run;
import dev.crucible.report.model.Validity;
import dev.crucible.report.stats.QuantileDistribution;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OpenMessaging Benchmark result JSON (TestResult): aggregated quantiles for the whole run and
 * a few percentiles per 10-s window. Publish and end-to-end latency are in milliseconds there,
 * publish delay in microseconds; everything is converted to microseconds.
 */
final class OmbReader {
    static final double WINDOW_SEC = 10;
    /** OMB field prefix, our metric key, factor to microseconds. */
    private static final Object[][] METRICS = {
            {"publishLatency", "response", 1000.0, "publish latency (OMB: send -> ack)"},
            {"publishDelayLatency", "send-delay", 1.0, "publish delay (OMB)"},
            {"endToEndLatency", "end-to-end", 1000.0, "end-to-end latency (OMB)"},
    };
    private static final String[][] WINDOW_FIELDS = {
            {"50pct", "50"}, {"75pct", "75"}, {"95pct", "95"}, {"99pct", "99"}, {"999pct", "99.9"},
            {"9999pct", "99.99"}, {"Max", "100"}};

    private OmbReader() {}

    static boolean looksLikeOmb(JsonNode root) {
        return root.isObject() && root.has("aggregatedPublishLatency50pct") && root.has("publishRate");
    }

    static Run read(Path file, JsonNode root, String label) {
        double[] rate = doubles(file, root, "publishRate");
        double sumRate = 0;
        List<RatePoint> rates = new ArrayList<>();
        for (int i = 0; i < rate.length; i++) {
            sumRate += rate[i];
            rates.add(new RatePoint(i * WINDOW_SEC, WINDOW_SEC, Double.NaN, rate[i], true));
        }
        long count = Math.round(sumRate * WINDOW_SEC);
        Map<String, MetricSample> metrics = new LinkedHashMap<>();
        for (Object[] m : METRICS) {
            String prefix = (String) m[0];
            String agg = "aggregated" + Character.toUpperCase(prefix.charAt(0)) + prefix.substring(1);
            if (!root.has(agg + "50pct")) {
                continue;
            }
            double toMicros = (Double) m[2];
            Map<Double, Double> quantiles = new TreeMap<>();
            JsonNode q = root.get(agg + "Quantiles");
            if (q != null && q.isObject()) {
                q.properties().forEach(e -> quantiles.put(Double.parseDouble(e.getKey()), e.getValue().asDouble() * toMicros));
            }
            putIf(quantiles, root, agg + "50pct", 50, toMicros);
            putIf(quantiles, root, agg + "99pct", 99, toMicros);
            putIf(quantiles, root, agg + "999pct", 99.9, toMicros);
            putIf(quantiles, root, agg + "9999pct", 99.99, toMicros);
            putIf(quantiles, root, agg + "99999pct", 99.999, toMicros);
            putIf(quantiles, root, agg + "Max", 100, toMicros);
            Map<Double, double[]> windows = new TreeMap<>();
            for (String[] w : WINDOW_FIELDS) {
                if (root.has(prefix + w[0])) {
                    double[] vs = doubles(file, root, prefix + w[0]);
                    for (int i = 0; i < vs.length; i++) {
                        vs[i] *= toMicros;
                    }
                    windows.put(Double.parseDouble(w[1]), vs);
                }
            }
            metrics.put((String) m[1], new MetricSample((String) m[1], (String) m[3],
                    new QuantileDistribution(quantiles, windows, count), intervals(windows)));
        }
        if (metrics.isEmpty()) {
            throw new ReportInputException(file, "has no latency quantiles (not an OMB result?)");
        }
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("workload", Json.text(root, "workload"));
        facts.put("driver", Json.text(root, "driver"));
        facts.put("source", file.getFileName() + " (OMB result: quantiles only, no histograms; windows of 10 s)");
        return new Run(file.getFileName().toString(), label, file, "OMB result", metrics, rates, 0, List.of(),
                Validity.unknown(), facts);
    }

    private static List<Interval> intervals(Map<Double, double[]> windows) {
        double[] p50 = windows.getOrDefault(50.0, new double[0]);
        double[] p99 = windows.getOrDefault(99.0, new double[0]);
        double[] max = windows.getOrDefault(100.0, new double[0]);
        int n = Math.max(p50.length, Math.max(p99.length, max.length));
        List<Interval> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Interval(i * WINDOW_SEC, WINDOW_SEC, 0, at(p50, i), at(p99, i), at(max, i)));
        }
        return out;
    }

    private static double at(double[] vs, int i) {
        return i < vs.length ? vs[i] : Double.NaN;
    }

    private static void putIf(Map<Double, Double> quantiles, JsonNode root, String field, double p, double toMicros) {
        JsonNode n = root.get(field);
        if (n != null && n.isNumber()) {
            quantiles.put(p, n.asDouble() * toMicros);
        }
    }

    private static double[] doubles(Path file, JsonNode root, String field) {
        JsonNode a = root.get(field);
        if (a == null || !a.isArray()) {
            throw new ReportInputException(file, "has no array '" + field + "'");
        }
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            if (!a.get(i).isNumber()) {
                throw new ReportInputException(file, field + "[" + i + "] is not a number");
            }
            out[i] = a.get(i).asDouble();
        }
        return out;
    }
}

package dev.crucible.load.result;

import dev.crucible.load.metric.Metric;
import dev.crucible.load.workload.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * The run in OpenMessaging Benchmark's result-file shape, so OMB's chart script and tools read it:
 * per 10-second window rates and latency percentiles over the measured phase, and aggregated
 * percentiles. As OMB: publish and end-to-end latency in milliseconds, publish delay in
 * microseconds. Crucible's publish latency is the response time (from the intended send time).
 */
final class OmbResult {
    private static final int WINDOW_S = 10;
    private static final double[] QUANTILES = {50, 75, 95, 99, 99.9, 99.99, 99.999};
    private static final String[] SUFFIX = {"50pct", "75pct", "95pct", "99pct", "999pct", "9999pct", "99999pct"};

    private OmbResult() {}

    static Map<String, Object> of(RunRecord r) {
        Workload w = r.settings().workload();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workload", w.name());
        m.put("driver", r.settings().driver().name);
        m.put("messageSize", w.messageSize());
        m.put("topics", w.topics());
        m.put("partitions", w.partitionsPerTopic());
        m.put("producersPerTopic", w.producersPerTopic());
        m.put("consumersPerTopic", w.subscriptionsPerTopic() * w.consumerPerSubscription());
        List<Double> publishRate = new ArrayList<>();
        List<Double> publishErrorRate = new ArrayList<>();
        List<Double> consumeRate = new ArrayList<>();
        List<Long> backlog = new ArrayList<>();
        Map<String, List<Object>> series = new LinkedHashMap<>();
        long first = r.timeline() == null ? 0 : r.timeline().firstMeasuredInterval();
        long end = r.timeline() == null ? 0 : r.timeline().endInterval();
        long acked = 0;
        long consumed = 0;
        for (IntervalStore.Merged iv : r.store().range(0, first)) {
            acked += iv.acked;
            consumed += iv.consumed;
        }
        for (long from = first; from < end; from += WINDOW_S) {
            long to = Math.min(end, from + WINDOW_S);
            long a = 0;
            long e = 0;
            long c = 0;
            for (IntervalStore.Merged iv : r.store().range(from, to)) {
                a += iv.acked;
                e += iv.sendErrors;
                c += iv.consumed;
            }
            acked += a;
            consumed += c;
            double secs = to - from;
            publishRate.add(a / secs);
            publishErrorRate.add(e / secs);
            consumeRate.add(c / secs);
            backlog.add(Math.max(0, acked * Math.max(1, w.subscriptionsPerTopic()) - consumed));
            addWindow(series, "publishLatency", r.store().total(Metric.RESPONSE, from, to), 1000.0, false);
            addWindow(series, "publishDelayLatency", r.store().total(Metric.SEND_DELAY, from, to), 1.0, true);
            addWindow(series, "endToEndLatency", r.store().total(Metric.END_TO_END, from, to), 1000.0, false);
        }
        m.put("publishRate", publishRate);
        m.put("publishErrorRate", publishErrorRate);
        m.put("consumeRate", consumeRate);
        m.put("backlog", backlog);
        m.putAll(series);
        aggregate(m, "aggregatedPublishLatency", r.total(Metric.RESPONSE), 1000.0, false);
        aggregate(m, "aggregatedPublishDelayLatency", r.total(Metric.SEND_DELAY), 1.0, true);
        aggregate(m, "aggregatedEndToEndLatency", r.total(Metric.END_TO_END), 1000.0, false);
        return m;
    }

    private static void addWindow(Map<String, List<Object>> series, String prefix, Histogram h, double unit, boolean integral) {
        series.computeIfAbsent(prefix + "Avg", k -> new ArrayList<>()).add(h.getTotalCount() == 0 ? 0.0 : h.getMean() / unit);
        for (int i = 0; i < QUANTILES.length; i++) {
            series.computeIfAbsent(prefix + SUFFIX[i], k -> new ArrayList<>()).add(value(h.getValueAtPercentile(QUANTILES[i]), unit, integral));
        }
        series.computeIfAbsent(prefix + "Max", k -> new ArrayList<>()).add(value(h.getMaxValue(), unit, integral));
    }

    private static void aggregate(Map<String, Object> m, String prefix, Histogram h, double unit, boolean integral) {
        m.put(prefix + "Avg", h.getTotalCount() == 0 ? 0.0 : h.getMean() / unit);
        for (int i = 0; i < QUANTILES.length; i++) {
            m.put(prefix + SUFFIX[i], value(h.getValueAtPercentile(QUANTILES[i]), unit, integral));
        }
        m.put(prefix + "Max", value(h.getMaxValue(), unit, integral));
        Map<Double, Object> quantiles = new TreeMap<>();
        for (double q = 0; q < 100; q += q < 90 ? 10 : q < 99 ? 1 : q < 99.9 ? 0.1 : 0.01) {
            quantiles.put(Math.round(q * 100) / 100.0, value(h.getValueAtPercentile(q), unit, integral));
        }
        quantiles.put(100.0, value(h.getMaxValue(), unit, integral));
        m.put(prefix + "Quantiles", quantiles);
    }

    private static Object value(long micros, double unit, boolean integral) {
        return integral ? (Object) (long) (micros / unit) : (Object) (micros / unit);
    }
}

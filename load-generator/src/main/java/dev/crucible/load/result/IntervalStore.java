package dev.crucible.load.result;

import dev.crucible.load.agent.IntervalReport;
import dev.crucible.load.metric.HistogramCodec;
import dev.crucible.load.metric.Metric;
import java.util.EnumMap;
import java.util.Map;
import java.util.TreeMap;
import org.HdrHistogram.Histogram;

/**
 * Every agent's 1-second reports merged by interval index. Histograms are added bucket by bucket,
 * so the merge is exact: the merged percentiles are those of all samples together.
 */
public final class IntervalStore {
    private final TreeMap<Long, Merged> intervals = new TreeMap<>();

    /** One second of the whole run. */
    public static final class Merged {
        public final long index;
        public final Map<Metric, Histogram> histograms = new EnumMap<>(Metric.class);
        public long sent;
        public long acked;
        public long sendErrors;
        public long consumed;
        public long bytesSent;
        public long bytesConsumed;
        public double targetRatePerSecond;
        public int reports;

        Merged(long index) {
            this.index = index;
            for (Metric m : Metric.values()) {
                histograms.put(m, new Histogram(3));
            }
        }
    }

    /** Adds one agent's report. */
    public synchronized void add(IntervalReport r) {
        Merged m = intervals.computeIfAbsent(r.index(), Merged::new);
        for (Metric metric : Metric.values()) {
            String enc = r.histograms().get(metric.key());
            if (enc != null) {
                m.histograms.get(metric).add(HistogramCodec.decode(enc));
            }
        }
        m.sent += r.sent();
        m.acked += r.acked();
        m.sendErrors += r.sendErrors();
        m.consumed += r.consumed();
        m.bytesSent += r.bytesSent();
        m.bytesConsumed += r.bytesConsumed();
        m.targetRatePerSecond += r.targetRatePerSecond();
        m.reports++;
    }

    /** The merged intervals, in order. */
    public synchronized Iterable<Merged> all() {
        return new TreeMap<>(intervals).values();
    }

    /** Intervals with index in [from, to). */
    public synchronized Iterable<Merged> range(long from, long to) {
        return new TreeMap<>(intervals.subMap(from, to)).values();
    }

    /** One histogram of {@code metric} over intervals [from, to). */
    public synchronized Histogram total(Metric metric, long from, long to) {
        Histogram sum = new Histogram(3);
        for (Merged m : intervals.subMap(from, to).values()) {
            sum.add(m.histograms.get(metric));
        }
        return sum;
    }

    /** Index of the last interval any agent reported, or -1. */
    public synchronized long lastIndex() {
        return intervals.isEmpty() ? -1 : intervals.lastKey();
    }
}

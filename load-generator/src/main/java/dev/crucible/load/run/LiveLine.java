package dev.crucible.load.run;

import dev.crucible.load.metric.Metric;
import dev.crucible.load.result.IntervalStore;
import dev.crucible.load.result.RunTimeline;
import dev.crucible.load.result.Totals;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/**
 * The line printed every few seconds: phase and progress bar, publish and consume rates over the
 * last window, backlog, and response time p50/p99/max over the window (all workers merged).
 */
final class LiveLine implements Phase {
    private static final long SECOND_NS = 1_000_000_000L;
    private static final int BAR = 20;

    private final PrintWriter out;
    private final IntervalStore store;
    private final long everyNs;
    private long lastPrintNs;
    private long lastIndex = -1;

    /** Prints to {@code out} every {@code every}, from the start of {@code timeline}'s load. */
    LiveLine(PrintWriter out, IntervalStore store, RunTimeline timeline, Duration every) {
        this.out = out;
        this.store = store;
        this.everyNs = every.toNanos();
        this.lastPrintNs = timeline.startNs();
    }

    @Override
    public void tick(long nowNs, Totals totals, RunControl control) {
        if (nowNs - lastPrintNs < everyNs) {
            return;
        }
        RunTimeline timeline = control.timeline();
        lastPrintNs = nowNs;
        long upTo = store.lastIndex() + 1;
        long from = Math.max(lastIndex + 1, 0);
        long sent = 0;
        long consumed = 0;
        for (IntervalStore.Merged m : store.range(from, upTo)) {
            sent += m.acked;
            consumed += m.consumed;
        }
        long seconds = Math.max(1, upTo - from);
        Histogram h = store.total(Metric.RESPONSE, from, upTo);
        lastIndex = upTo - 1;
        out.println(String.format(Locale.ROOT,
                "%-7s %s %4ds | pub %,9.0f msg/s | cons %,9.0f msg/s | backlog %,9d | response p50 %s p99 %s max %s",
                timeline.phaseAt(nowNs), bar(nowNs, timeline), (nowNs - timeline.startNs()) / SECOND_NS, (double) sent / seconds,
                (double) consumed / seconds, totals.backlog(1), ms(h, 50), ms(h, 99), h.getTotalCount() == 0 ? "-" : fmt(h.getMaxValue())));
        out.flush();
    }

    private static String bar(long nowNs, RunTimeline timeline) {
        double total = timeline.endNs() - timeline.startNs();
        double done = Math.max(0, Math.min(1, (nowNs - timeline.startNs()) / total));
        int filled = (int) Math.round(done * BAR);
        int warm = (int) Math.round(BAR * (timeline.measureFromNs() - timeline.startNs()) / total);
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < BAR; i++) {
            b.append(i < filled ? (i < warm ? '=' : '#') : (i == warm ? '|' : '.'));
        }
        return b.append(']').toString();
    }

    private static String ms(Histogram h, double p) {
        return h.getTotalCount() == 0 ? "-" : fmt(h.getValueAtPercentile(p));
    }

    /** Microseconds as a short human figure. */
    static String fmt(long micros) {
        if (micros < 1000) {
            return micros + "us";
        }
        return micros < 10_000_000 ? String.format(Locale.ROOT, "%.2fms", micros / 1000.0)
                : String.format(Locale.ROOT, "%.1fs", micros / 1e6);
    }
}

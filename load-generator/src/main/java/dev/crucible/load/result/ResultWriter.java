package dev.crucible.load.result;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crucible.load.metric.MachineCpu;
import dev.crucible.load.metric.Metric;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Writes a run's result directory {@code <out>/<yyyyMMdd-HHmmss>-<name>/}: run.json, one HDR interval
 * log per metric (values in microseconds, 1-second intervals), throughput.csv, and omb-result.json
 * in OpenMessaging Benchmark's result shape. Files are written to a temporary name and renamed, so
 * a crash never leaves half a file under the final name.
 */
public final class ResultWriter {
    private static final DateTimeFormatter DIR_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneId.systemDefault());
    static final double[] PERCENTILES = {50, 75, 90, 95, 99, 99.9, 99.99};

    private final RunRecord r;

    /** A writer of {@code record}. */
    public ResultWriter(RunRecord record) {
        this.r = record;
    }

    /** Writes every file; returns the directory. */
    public Path write() throws IOException {
        Path dir = uniqueDir();
        Files.createDirectories(dir);
        for (Metric m : Metric.values()) {
            writeHlog(dir, m);
        }
        writeAtomically(dir.resolve("throughput.csv"), throughputCsv().getBytes(StandardCharsets.UTF_8));
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        writeAtomically(dir.resolve("run.json"), json.writeValueAsBytes(RunJson.of(r)));
        writeAtomically(dir.resolve("omb-result.json"), json.writeValueAsBytes(OmbResult.of(r)));
        return dir;
    }

    private Path uniqueDir() {
        String base = DIR_TIME.format(r.started()) + "-" + safe(r.settings().name());
        Path dir = r.settings().outDir().resolve(base);
        for (int i = 2; Files.exists(dir); i++) {
            dir = r.settings().outDir().resolve(base + "-" + i);
        }
        return dir;
    }

    private static String safe(String name) {
        String s = name.replaceAll("[^A-Za-z0-9._-]+", "-");
        return s.isEmpty() ? "run" : s;
    }

    private void writeHlog(Path dir, Metric m) throws IOException {
        Path tmp = dir.resolve(m.fileName() + ".tmp");
        try (PrintStream ps = new PrintStream(Files.newOutputStream(tmp), false, StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(ps);
            w.outputComment("Crucible " + m.description() + ", microseconds; run " + r.runId()
                    + (r.incompleteReason() == null ? "" : "; INCOMPLETE: " + r.incompleteReason()));
            long startMs = r.started().toEpochMilli();
            w.outputLogFormatVersion();
            w.outputStartTime(startMs);
            w.setBaseTime(startMs);
            w.outputBaseTime(startMs);
            w.outputLegend();
            for (IntervalStore.Merged iv : r.store().all()) {
                Histogram h = iv.histograms.get(m);
                h.setStartTimeStamp(startMs + iv.index * 1000);
                h.setEndTimeStamp(startMs + (iv.index + 1) * 1000);
                h.setTag(m.key());
                w.outputIntervalHistogram(h);
            }
        }
        Files.move(tmp, dir.resolve(m.fileName()), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private String throughputCsv() {
        StringBuilder b = new StringBuilder("second,phase,target_msgs_per_s,sent_msgs,acked_msgs,send_errors,"
                + "consumed_msgs,sent_bytes,consumed_bytes\n");
        for (IntervalStore.Merged iv : r.store().all()) {
            b.append(String.format(Locale.ROOT, "%d,%s,%.1f,%d,%d,%d,%d,%d,%d%n", iv.index,
                    r.timeline() == null ? "?" : r.timeline().phaseOf(iv.index), iv.targetRatePerSecond, iv.sent, iv.acked,
                    iv.sendErrors, iv.consumed, iv.bytesSent, iv.bytesConsumed));
        }
        return b.toString();
    }

    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** Summary figures of one histogram (microseconds), for run.json. */
    static Map<String, Object> figures(Histogram h) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("count", h.getTotalCount());
        if (h.getTotalCount() == 0) {
            return f;
        }
        f.put("mean", Math.round(h.getMean() * 10) / 10.0);
        for (double p : PERCENTILES) {
            f.put("p" + (p == Math.rint(p) ? Long.toString((long) p) : Double.toString(p)), h.getValueAtPercentile(p));
        }
        f.put("max", h.getMaxValue());
        return f;
    }

    /** A writer for a person: the one-screen summary printed at the end. */
    public static List<String> summaryLines(RunRecord r, Path dir) {
        List<String> out = new ArrayList<>();
        long secs = Math.max(1, r.measuredSeconds());
        double pub = r.measuredSum(m -> m.acked) / (double) secs;
        double cons = r.measuredSum(m -> m.consumed) / (double) secs;
        double pubMb = r.measuredSum(m -> m.bytesSent) / (double) secs / 1e6;
        out.add(String.format(Locale.ROOT, "%s  %s", r.incompleteReason() == null ? "COMPLETE" : "INCOMPLETE",
                r.incompleteReason() == null ? "" : "(" + r.incompleteReason() + ")"));
        out.add(String.format(Locale.ROOT, "throughput  publish %,.0f msg/s (%.1f MB/s)   consume %,.0f msg/s   target %s%s",
                pub, pubMb, cons, r.measuredTargetRate() > 0 ? String.format(Locale.ROOT, "%,.0f msg/s", r.measuredTargetRate()) : "flat out",
                r.rateMissed() ? "   RATE MISSED" : ""));
        out.add(String.format(Locale.ROOT, "%-34s %9s %9s %9s %9s %9s %9s", "latency (ms)", "p50", "p99", "p99.9", "p99.99", "max", "count"));
        for (Metric m : Metric.values()) {
            Histogram h = r.total(m);
            out.add(String.format(Locale.ROOT, "%-34s %9s %9s %9s %9s %9s %9d", m.description().replaceAll(" \\(.*", "") + " (" + m.key() + ")",
                    ms(h, 50), ms(h, 99), ms(h, 99.9), ms(h, 99.99),
                    h.getTotalCount() == 0 ? "-" : fmt(h.getMaxValue() / 1000.0), h.getTotalCount()));
        }
        SequenceAudit.PartitionFigures t = r.audit().totals();
        out.add(String.format(Locale.ROOT, "messages    acked %,d  delivered %,d  lost %,d  duplicated %,d  out of order %,d  failed sends %,d",
                t.acked(), t.delivered(), t.lost(), t.duplicated(), t.outOfOrder(), t.failedSends()));
        double busy = MachineCpu.busyShare(r.cpu().machineStart(), r.cpu().machineEnd());
        if (busy >= 0) {
            out.add(String.format(Locale.ROOT, "cpu         machine %.0f%% busy%s", busy * 100, RunJson.targetCpuText(r)));
        }
        out.add("results     " + dir);
        return out;
    }

    private static String ms(Histogram h, double p) {
        return h.getTotalCount() == 0 ? "-" : fmt(h.getValueAtPercentile(p) / 1000.0);
    }

    private static String fmt(double ms) {
        return ms < 10 ? String.format(Locale.ROOT, "%.3f", ms) : String.format(Locale.ROOT, "%.1f", ms);
    }
}

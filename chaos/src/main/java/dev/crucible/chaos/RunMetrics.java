package dev.crucible.chaos;

import dev.crucible.chaos.history.HistoryRecorder;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;

/**
 * Per-second figures of a chaos run, from the history as it is recorded: operations completed by
 * kind (ops.csv) and the latency of acknowledged sends and of polls (send.hlog, poll.hlog; one
 * interval a second, microseconds). {@link #sample()} is called once a second by the run.
 */
final class RunMetrics implements HistoryRecorder.OpListener, AutoCloseable {
    static final String[] COLUMNS = {"send_ok", "send_fail", "send_info", "poll_ok", "poll_info", "records_polled"};

    private final Map<Object, Long> invokeTimes = new HashMap<>();
    private final long[] counts = new long[COLUMNS.length];
    private final long[] totals = new long[COLUMNS.length];
    private final Recorder sendLatency = new Recorder(TimeUnit.SECONDS.toMicros(120), 3);
    private final Recorder pollLatency = new Recorder(TimeUnit.SECONDS.toMicros(120), 3);
    private final Writer csv;
    private final PrintStream sendLog;
    private final PrintStream pollLog;
    private final HistogramLogWriter sendWriter;
    private final HistogramLogWriter pollWriter;
    private final long startMs;
    private Histogram sendInterval;
    private Histogram pollInterval;
    private long second;

    RunMetrics(Path dir, long startEpochMs) throws IOException {
        this.startMs = startEpochMs;
        csv = Files.newBufferedWriter(dir.resolve("ops.csv"), StandardCharsets.UTF_8);
        csv.write("second," + String.join(",", COLUMNS) + "\n");
        sendLog = new PrintStream(Files.newOutputStream(dir.resolve("send.hlog")), false, StandardCharsets.UTF_8);
        pollLog = new PrintStream(Files.newOutputStream(dir.resolve("poll.hlog")), false, StandardCharsets.UTF_8);
        sendWriter = header(sendLog, "send: invoke to ok of acknowledged sends, microseconds");
        pollWriter = header(pollLog, "poll: invoke to ok of polls, microseconds");
    }

    private HistogramLogWriter header(PrintStream out, String comment) {
        HistogramLogWriter w = new HistogramLogWriter(out);
        w.outputComment(comment);
        w.outputLogFormatVersion();
        w.outputStartTime(startMs);
        w.setBaseTime(startMs);
        w.outputLegend();
        return w;
    }

    @Override
    public void recorded(Op op) {
        if (!op.isClient()) {
            return;
        }
        if (op.type() == OpType.INVOKE) {
            invokeTimes.put(op.process(), op.time());
            return;
        }
        Long invoked = invokeTimes.remove(op.process());
        boolean send = op.f().equals("send");
        boolean poll = op.f().equals("poll");
        if (send) {
            counts[op.type() == OpType.OK ? 0 : op.type() == OpType.FAIL ? 1 : 2]++;
        } else if (poll) {
            counts[op.type() == OpType.OK ? 3 : 4]++;
            if (op.type() == OpType.OK) {
                counts[5] += polledRecords(op.value());
            }
        }
        if (invoked != null && op.type() == OpType.OK && (send || poll)) {
            long us = Math.max(0, (op.time() - invoked) / 1000);
            (send ? sendLatency : pollLatency).recordValue(Math.min(us, TimeUnit.SECONDS.toMicros(120)));
        }
    }

    private static long polledRecords(Object value) {
        long n = 0;
        if (value instanceof java.util.List<?> mops) {
            for (Object mop : mops) {
                if (mop instanceof java.util.List<?> l && l.size() == 2 && l.get(1) instanceof Map<?, ?> m) {
                    for (Object pairs : m.values()) {
                        n += pairs instanceof java.util.List<?> p ? p.size() : 0;
                    }
                }
            }
        }
        return n;
    }

    /** Closes one second: a CSV row and an interval in each log. Returns that second's counts. */
    synchronized long[] sample(Object historyLock) throws IOException {
        long[] row;
        synchronized (historyLock) {
            row = counts.clone();
            java.util.Arrays.fill(counts, 0);
            sendInterval = sendLatency.getIntervalHistogram(sendInterval);
            pollInterval = pollLatency.getIntervalHistogram(pollInterval);
        }
        for (int i = 0; i < row.length; i++) {
            totals[i] += row[i];
        }
        StringBuilder line = new StringBuilder().append(second);
        for (long c : row) {
            line.append(',').append(c);
        }
        csv.write(line.append('\n').toString());
        csv.flush();
        long base = startMs + second * 1000;
        for (Histogram h : new Histogram[] {sendInterval, pollInterval}) {
            h.setStartTimeStamp(base);
            h.setEndTimeStamp(base + 1000);
        }
        sendWriter.outputIntervalHistogram(sendInterval);
        pollWriter.outputIntervalHistogram(pollInterval);
        sendLog.flush();
        pollLog.flush();
        second++;
        return row;
    }

    /** Totals so far, by {@link #COLUMNS}. */
    synchronized long[] totals() {
        return totals.clone();
    }

    @Override
    public void close() throws IOException {
        csv.close();
        sendLog.close();
        pollLog.close();
    }
}

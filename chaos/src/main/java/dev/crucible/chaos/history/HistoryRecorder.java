package dev.crucible.chaos.history;

import dev.crucible.chaos.time.RunClock;
import dev.crucible.check.format.JsonLinesWriter;
import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The run's history: every client and nemesis event, numbered in the order recorded, timed in
 * nanoseconds since the run began (one monotonic clock: every client runs in this JVM). Each event
 * is written to the JSON lines file as it happens and flushed, so a run that dies leaves the history
 * up to its last event.
 */
public final class HistoryRecorder implements AutoCloseable {
    /** The process of nemesis events. */
    public static final Keyword NEMESIS = Keyword.of("nemesis");

    private final RunClock clock;
    private final long startNanos;
    private final Writer out;
    private final List<Op> ops = new ArrayList<>();
    private final List<OpListener> listeners = new ArrayList<>();
    private boolean closed;

    /** Something told of every event as it is recorded (counters, the live line). */
    public interface OpListener {
        /** Called under the recorder's lock: keep it short. */
        void recorded(Op op);
    }

    /** Records into {@code file} (created or replaced); times count from now on {@code clock}. */
    public HistoryRecorder(Path file, RunClock clock) throws IOException {
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /** Adds a listener for every later event. */
    public synchronized void listen(OpListener l) {
        listeners.add(l);
    }

    /** Nanoseconds since the run began. */
    public long now() {
        return clock.nanoTime() - startNanos;
    }

    /** Records a client event. */
    public Op client(OpType type, long process, String f, Object value) {
        return record(type, process, f, value, Map.of());
    }

    /** Records a client event with extra fields (e.g. "error", "rebalance-log"). */
    public Op client(OpType type, long process, String f, Object value, Map<String, Object> extra) {
        return record(type, process, f, value, extra);
    }

    /** Records a nemesis event (always type info, as Jepsen does). */
    public Op nemesis(String f, Object value) {
        return record(OpType.INFO, NEMESIS, f, value, Map.of());
    }

    private synchronized Op record(OpType type, Object process, String f, Object value, Map<String, Object> extra) {
        Op op = new Op(ops.size(), type, process, f, value, now(), Map.copyOf(extra), 0);
        ops.add(op);
        if (!closed) {
            try {
                out.write(JsonLinesWriter.line(op));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("writing the history", e);
            }
        }
        for (OpListener l : listeners) {
            l.recorded(op);
        }
        return op;
    }

    /** A copy of every event so far, in order. */
    public synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    /** Closes the file; later events are kept in memory only. */
    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}

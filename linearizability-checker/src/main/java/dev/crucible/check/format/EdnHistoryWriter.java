package dev.crucible.check.format;

import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Writes a history as EDN that Jepsen and Knossos tools read: a stream of event maps, one per
 * line, not wrapped in a vector, e.g.
 * {@code {:index 0, :time 12, :process 3, :type :invoke, :f :read, :value nil}}.
 *
 * <p>{@code :time} is left out when the event has none (-1). {@code :f} and extra field names are
 * written as keywords when they are valid keyword names, else as strings (which
 * {@link EdnHistoryReader} reads back to the same names). A keyword process whose name is not a
 * valid keyword name is written as a string (read back as the same Keyword). Values are written
 * with {@link EdnWriter}, so they read back equal.
 */
public final class EdnHistoryWriter {
    private static final Set<String> RESERVED = Set.of("index", "time", "process", "type", "f", "value");

    private EdnHistoryWriter() {}

    /**
     * One event as an EDN map on one line (no line terminator).
     *
     * @throws IllegalArgumentException when a value cannot be written as EDN, an extra field
     *     repeats a reserved name (index, time, process, type, f, value), or a keyword process's name
     *     is empty or starts with ':' (it would read back as another process)
     */
    public static String line(Op op) {
        OpFields.requireWritableProcess(op);
        StringBuilder sb = new StringBuilder(96);
        sb.append("{:index ").append(op.index());
        if (op.time() >= 0) {
            sb.append(", :time ").append(op.time());
        }
        sb.append(", :process ");
        Object p = op.process();
        if (p instanceof Keyword k && !EdnWriter.isKeywordName(k.name())) {
            EdnWriter.append(sb, k.name());
        } else {
            EdnWriter.append(sb, p);
        }
        sb.append(", :type :").append(op.type().text());
        sb.append(", :f ");
        appendName(sb, op.f());
        sb.append(", :value ");
        EdnWriter.append(sb, op.value());
        for (Map.Entry<String, Object> e : op.extra().entrySet()) {
            if (RESERVED.contains(e.getKey())) {
                throw new IllegalArgumentException("extra field \"" + e.getKey() + "\" of " + op.describe()
                        + " repeats a reserved field name");
            }
            sb.append(", ");
            appendName(sb, e.getKey());
            sb.append(' ');
            EdnWriter.append(sb, e.getValue());
        }
        return sb.append('}').toString();
    }

    private static void appendName(StringBuilder sb, String name) {
        if (name == null) {
            sb.append("nil");
        } else if (EdnWriter.isKeywordName(name)) {
            sb.append(':').append(name);
        } else {
            EdnWriter.append(sb, name);
        }
    }

    /** The whole history as EDN text, one event per line. */
    public static String toText(Iterable<Op> ops) {
        return LineWriting.toText(ops, EdnHistoryWriter::line);
    }

    /**
     * Writes the events to {@code out}, one per line (does not close it).
     *
     * @throws UncheckedIOException on a write error
     */
    public static void write(Iterable<Op> ops, Writer out) {
        LineWriting.write(ops, out, EdnHistoryWriter::line);
    }

    /** Writes the events to {@code file} (UTF-8, replacing it). */
    public static void write(Iterable<Op> ops, Path file) {
        LineWriting.write(ops, file, EdnHistoryWriter::line);
    }
}

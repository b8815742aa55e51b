package dev.crucible.check.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.Values;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * Writes a history as JSON lines (DESIGN.md): one object per event,
 * {@code {"index":0,"time":123,"process":3,"type":"invoke","f":"send","value":...}} then the extra
 * fields. {@code "time"} is left out when the event has none (-1).
 *
 * <p>Values: Keywords are written as their name (so {@code :timed-out} reads back as the string
 * "timed-out"; a keyword process reads back as a Keyword), Lists and Sets as arrays, Maps as
 * objects whose keys are Strings, Keyword names, or else the key's EDN text
 * ({@code Values.show}); Characters as strings; NaN and infinities as the strings "NaN",
 * "Infinity", "-Infinity".
 */
public final class JsonLinesWriter {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final Set<String> RESERVED = Set.of("index", "time", "process", "type", "f", "value");

    private JsonLinesWriter() {}

    /**
     * One event as a JSON object (no line terminator).
     *
     * @throws IllegalArgumentException for a value JSON cannot carry, an extra field that repeats
     *     a reserved name (index, time, process, type, f, value), or a keyword process whose name is
     *     empty or starts with ':' (it would read back as another process)
     */
    public static String line(Op op) {
        OpFields.requireWritableProcess(op);
        StringWriter sw = new StringWriter(96);
        try (JsonGenerator g = FACTORY.createGenerator(sw)) {
            g.writeStartObject();
            g.writeNumberField("index", op.index());
            if (op.time() >= 0) {
                g.writeNumberField("time", op.time());
            }
            g.writeFieldName("process");
            writeValue(g, op.process());
            g.writeStringField("type", op.type().text());
            g.writeFieldName("f");
            writeValue(g, op.f());
            g.writeFieldName("value");
            writeValue(g, op.value());
            for (Map.Entry<String, Object> e : op.extra().entrySet()) {
                if (RESERVED.contains(e.getKey())) {
                    throw new IllegalArgumentException("extra field \"" + e.getKey() + "\" of "
                            + op.describe() + " repeats a reserved field name");
                }
                g.writeFieldName(e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sw.toString();
    }

    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Keyword k) {
            g.writeString(k.name());
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof BigInteger b) {
            g.writeNumber(b);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                g.writeString(Double.toString(d));
            } else {
                g.writeNumber(d);
            }
        } else if (v instanceof Character c) {
            g.writeString(c.toString());
        } else if (v instanceof Collection<?> c) {
            g.writeStartArray();
            for (Object o : c) {
                writeValue(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                Object k = e.getKey();
                g.writeFieldName(
                        k instanceof String s ? s : k instanceof Keyword kw ? kw.name() : Values.show(k));
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        } else {
            throw new IllegalArgumentException("no JSON form for a " + v.getClass().getName());
        }
    }

    /** The whole history as JSON lines text. */
    public static String toText(Iterable<Op> ops) {
        return LineWriting.toText(ops, JsonLinesWriter::line);
    }

    /**
     * Writes the events to {@code out}, one per line (does not close it).
     *
     * @throws UncheckedIOException on a write error
     */
    public static void write(Iterable<Op> ops, Writer out) {
        LineWriting.write(ops, out, JsonLinesWriter::line);
    }

    /** Writes the events to {@code file} (UTF-8, replacing it). */
    public static void write(Iterable<Op> ops, Path file) {
        LineWriting.write(ops, file, JsonLinesWriter::line);
    }
}

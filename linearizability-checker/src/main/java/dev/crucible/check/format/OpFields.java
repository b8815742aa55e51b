package dev.crucible.check.format;

import dev.crucible.check.history.HistoryFormatException;
import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one event map (EDN keys as keywords, JSON keys as strings) into an {@link Op}, and applies
 * the Knossos index rule once the whole history is read. Shared by the EDN, JSON lines and
 * Porcupine readers.
 */
final class OpFields {
    private final Path source;
    private final boolean edn;
    private final List<Op> ops = new ArrayList<>();
    private final Set<Long> explicit = new HashSet<>();
    private final List<Long> explicitInOrder = new ArrayList<>();
    private boolean allExplicitUnique = true;

    /**
     * @param source the file, for messages
     * @param edn whether field names are shown EDN-style ({@code :type}) or JSON-style
     */
    OpFields(Path source, boolean edn) {
        this.source = source;
        this.edn = edn;
    }

    /** The field name of a map key: a keyword's name, a string itself, else its EDN text. */
    static String keyName(Object key) {
        if (key instanceof Keyword k) {
            return k.name();
        }
        if (key instanceof String s) {
            return s;
        }
        return EdnWriter.toEdn(key);
    }

    /**
     * Adds one event read from {@code line}; its position is the number of events added before it.
     *
     * @throws HistoryFormatException when a required field is missing or has the wrong kind
     */
    void add(Map<?, ?> m, int line) {
        Object process = null;
        OpType type = null;
        String f = null;
        Object value = null;
        long time = -1;
        Object index = null;
        boolean hasProcess = false;
        boolean hasF = false;
        Map<String, Object> extra = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            String name = keyName(e.getKey());
            Object v = e.getValue();
            switch (name) {
                case "process" -> {
                    hasProcess = true;
                    process = process(v, line);
                }
                case "type" -> type = type(v, line);
                case "f" -> {
                    hasF = true;
                    f = f(v, line);
                }
                case "value" -> value = v;
                case "time" -> time = time(v, line);
                case "index" -> index = v;
                default -> {
                    if (extra.containsKey(name)) {
                        throw error(line, "field " + field(name) + " appears twice");
                    }
                    extra.put(name, v);
                }
            }
        }
        if (type == null) {
            throw error(line, "missing " + field("type") + ": expected one of " + typeNames());
        }
        if (!hasProcess) {
            throw error(line, "missing " + field("process") + ": expected an integer or a keyword");
        }
        if (!hasF) {
            throw error(line, "missing " + field("f") + ": expected the operation's function name");
        }
        if (index instanceof Long i) {
            explicitInOrder.add(i);
            if (!explicit.add(i)) {
                allExplicitUnique = false;
            }
        } else {
            allExplicitUnique = false;
        }
        Map<String, Object> x = extra.isEmpty() ? Map.of() : Collections.unmodifiableMap(extra);
        ops.add(new Op(ops.size(), type, process, f, value, time, x, line));
    }

    /**
     * The events: indexed by their own {@code index} field when every event carries an integer one
     * and they are unique, else by 0-based position (the Knossos rule).
     */
    List<Op> ops() {
        if (!allExplicitUnique || ops.isEmpty()) {
            return Collections.unmodifiableList(new ArrayList<>(ops));
        }
        List<Op> out = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            out.add(ops.get(i).withIndex(explicitInOrder.get(i)));
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The writers' guard: a keyword process is written by its name (always in JSON lines, in EDN
     * when the name is no keyword name), and {@link #add} reads a process string back without a
     * leading colon and refuses an empty one; such a process would come back as another one.
     *
     * @throws IllegalArgumentException for a keyword process whose name is empty or starts with ':'
     */
    static void requireWritableProcess(Op op) {
        if (op.process() instanceof Keyword k && (k.name().isEmpty() || k.name().startsWith(":"))) {
            throw new IllegalArgumentException("keyword process \"" + k.name() + "\" of " + op.describe()
                    + " would not read back as itself: its name must be non-empty and not start with ':'");
        }
    }

    private Object process(Object v, int line) {
        if (v instanceof Long) {
            return v;
        }
        if (v instanceof Keyword) {
            return v;
        }
        if (v instanceof String s && !s.isEmpty()) {
            return Keyword.of(s.startsWith(":") ? s.substring(1) : s);
        }
        throw error(line, field("process") + " is " + EdnWriter.toEdn(v)
                + ": expected an integer (a client) or a keyword such as :nemesis");
    }

    private OpType type(Object v, int line) {
        OpType t = null;
        if (v instanceof Keyword k) {
            t = OpType.parse(k.name());
        } else if (v instanceof String s) {
            t = OpType.parse(s);
        }
        if (t == null) {
            throw error(line, field("type") + " is " + EdnWriter.toEdn(v) + ": expected one of "
                    + typeNames());
        }
        return t;
    }

    private String f(Object v, int line) {
        if (v instanceof Keyword k) {
            return k.name();
        }
        if (v instanceof String s) {
            return s;
        }
        throw error(line, field("f") + " is " + EdnWriter.toEdn(v)
                + ": expected a keyword, symbol or string naming the function");
    }

    private long time(Object v, int line) {
        if (v == null) {
            return -1;
        }
        if (v instanceof Long t) {
            return t;
        }
        throw error(line, field("time") + " is " + EdnWriter.toEdn(v)
                + ": expected an integer (nanoseconds)");
    }

    private String typeNames() {
        return edn ? ":invoke, :ok, :fail, :info" : "\"invoke\", \"ok\", \"fail\", \"info\"";
    }

    private String field(String name) {
        return edn ? ":" + name : "\"" + name + "\"";
    }

    private HistoryFormatException error(int line, String problem) {
        return new HistoryFormatException(source, line, problem);
    }
}

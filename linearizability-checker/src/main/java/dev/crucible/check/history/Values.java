package dev.crucible.check.history;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Shows values EDN-style for reports: nil, 3, "s", :kw, [1 2], {:a 1}, #{1 2}. */
public final class Values {
    private Values() {}

    /** The value as EDN text. */
    public static String show(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n").replace("\r", "\\r") + "\"";
        }
        if (v instanceof List<?> l) {
            return l.stream().map(Values::show).collect(Collectors.joining(" ", "[", "]"));
        }
        if (v instanceof Map<?, ?> m) {
            return m.entrySet().stream().map(e -> show(e.getKey()) + " " + show(e.getValue()))
                    .collect(Collectors.joining(", ", "{", "}"));
        }
        if (v instanceof Set<?> s) {
            return s.stream().map(Values::show).collect(Collectors.joining(" ", "#{", "}"));
        }
        return v.toString();
    }
}

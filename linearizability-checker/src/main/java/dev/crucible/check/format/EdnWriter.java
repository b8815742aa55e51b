package dev.crucible.check.format;

import dev.crucible.check.history.Keyword;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes plain Java data as EDN text that {@link EdnReader} reads back to equal data: null ->
 * {@code nil}, Boolean, Long/Integer/Short/Byte/BigInteger -> integers, Double/Float -> decimals
 * ({@code ##Inf}, {@code ##-Inf}, {@code ##NaN} for the special values), BigDecimal -> {@code 1.5M},
 * String -> a string with escapes, Character -> a character literal, {@link Keyword} ->
 * {@code :name}, List -> vector, Set -> {@code #{...}}, Map -> {@code {k v, ...}}.
 *
 * <p>Unlike {@code Values.show}, strings escape newlines and control characters, so every written
 * value stays on one line.
 */
public final class EdnWriter {
    private static final Pattern KEYWORD_NAME =
            Pattern.compile("[A-Za-z*+!\\-_?$%&=<>.][A-Za-z0-9.*+!\\-_?$%&=<>/:#']*");

    private EdnWriter() {}

    /**
     * The value as EDN text.
     *
     * @throws IllegalArgumentException for a type EDN cannot carry, or a keyword whose name is not a
     *     valid EDN keyword name
     */
    public static String toEdn(Object v) {
        StringBuilder sb = new StringBuilder();
        append(sb, v);
        return sb.toString();
    }

    /** Whether {@code name} can be written as the keyword {@code :name} and read back as itself. */
    public static boolean isKeywordName(String name) {
        return KEYWORD_NAME.matcher(name).matches() && !name.endsWith("/") && !isNumberLike(name);
    }

    private static boolean isNumberLike(String name) {
        // ":-1" or ":+1" would read back as keywords too, but keep them out: they read oddly.
        return name.length() > 1 && (name.charAt(0) == '-' || name.charAt(0) == '+')
                && Character.isDigit(name.charAt(1));
    }

    /** Appends the value's EDN text to {@code sb}. */
    public static void append(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("nil");
        } else if (v instanceof Boolean || v instanceof Long || v instanceof Integer
                || v instanceof Short || v instanceof Byte || v instanceof BigInteger) {
            sb.append(v);
        } else if (v instanceof Double || v instanceof Float) {
            appendDouble(sb, ((Number) v).doubleValue());
        } else if (v instanceof BigDecimal d) {
            sb.append(d.toString()).append('M');
        } else if (v instanceof String s) {
            appendString(sb, s);
        } else if (v instanceof Character c) {
            appendChar(sb, c);
        } else if (v instanceof Keyword k) {
            if (!isKeywordName(k.name())) {
                throw new IllegalArgumentException("keyword name not writable as EDN: \"" + k.name() + "\"");
            }
            sb.append(':').append(k.name());
        } else if (v instanceof List<?> l) {
            appendAll(sb, "[", l, "]");
        } else if (v instanceof Set<?> s) {
            appendAll(sb, "#{", s, "}");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                append(sb, e.getKey());
                sb.append(' ');
                append(sb, e.getValue());
                if (it.hasNext()) {
                    sb.append(", ");
                }
            }
            sb.append('}');
        } else {
            throw new IllegalArgumentException("no EDN form for a " + v.getClass().getName());
        }
    }

    private static void appendAll(StringBuilder sb, String open, Collection<?> c, String close) {
        sb.append(open);
        boolean first = true;
        for (Object o : c) {
            if (!first) {
                sb.append(' ');
            }
            first = false;
            append(sb, o);
        }
        sb.append(close);
    }

    private static void appendDouble(StringBuilder sb, double d) {
        if (Double.isNaN(d)) {
            sb.append("##NaN");
        } else if (Double.isInfinite(d)) {
            sb.append(d > 0 ? "##Inf" : "##-Inf");
        } else {
            sb.append(Double.toString(d));
        }
    }

    private static void appendString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                case '\r' -> sb.append("\\r");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    private static void appendChar(StringBuilder sb, char c) {
        switch (c) {
            case '\n' -> sb.append("\\newline");
            case ' ' -> sb.append("\\space");
            case '\t' -> sb.append("\\tab");
            case '\r' -> sb.append("\\return");
            case '\f' -> sb.append("\\formfeed");
            case '\b' -> sb.append("\\backspace");
            default -> {
                if (c < 0x20 || c >= 0x7f) {
                    sb.append(String.format("\\u%04x", (int) c));
                } else {
                    sb.append('\\').append(c);
                }
            }
        }
    }
}

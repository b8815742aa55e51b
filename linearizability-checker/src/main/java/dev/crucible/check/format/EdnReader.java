package dev.crucible.check.format;

import dev.crucible.check.history.HistoryFormatException;
import dev.crucible.check.history.Keyword;
import java.io.Closeable;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A small, strict EDN reader producing plain Java data.
 *
 * <p>Mapping: {@code nil} -> null; {@code true}/{@code false} -> Boolean; integers -> Long, or
 * BigInteger when they do not fit a long (an {@code N} suffix is accepted and does not force
 * BigInteger); decimals -> Double ({@code M} suffix -> BigDecimal); {@code ##Inf}, {@code ##-Inf},
 * {@code ##NaN} -> Double; strings -> String (escapes {@code \t \r \n \b \f \\ \" \\uXXXX});
 * characters ({@code \a}, {@code \newline}, {@code \space}, {@code \tab}, {@code \return},
 * {@code \formfeed}, {@code \backspace}, {@code \\uXXXX}) -> one-character String; keywords ->
 * {@link Keyword} without the colon ({@code :a/b} -> {@code Keyword("a/b")}); symbols -> String;
 * vectors and lists -> unmodifiable {@code List<Object>}; maps -> unmodifiable
 * {@code Map<Object,Object>} in source order; sets {@code #{}} -> unmodifiable {@code Set<Object>}
 * in source order.
 *
 * <p>Whitespace includes commas; {@code ;} starts a comment to the end of the line; {@code #_}
 * discards the next form. Tagged literals ({@code #inst "..."}, {@code #uuid "..."},
 * {@code #my/tag form}) yield the inner form unchanged: the tag is dropped, nothing is converted.
 *
 * <p>Strict: duplicate map keys or set elements, an odd number of forms in a map, integers with
 * leading zeros, ratios, {@code ::auto} keywords, unknown escapes and unknown dispatch characters
 * are errors. Every error is a {@link HistoryFormatException} carrying the source, the 1-based line
 * and what was expected there; found past the first line of a form read by {@link #next()}, it also
 * names the line that form starts on.
 *
 * <p>Top-level forms are streamed one at a time with {@link #hasNext()} and {@link #next()}; one
 * top-level vector or list can be streamed element by element with {@link #enterSequence()}.
 * Instances are not thread-safe.
 */
public final class EdnReader implements Closeable {
    private static final int EOF = EdnInput.EOF;

    private final EdnInput in;
    private int formLine;
    private boolean inSequence;
    private char sequenceCloser;
    private String sequenceKind;
    private int sequenceLine;

    /**
     * A reader over {@code in}, whose errors name {@code source}.
     *
     * @param in the text (buffered here when it is not already)
     * @param source the file, for messages; may be null
     */
    public EdnReader(Reader in, Path source) {
        this(in, source, 1);
    }

    /**
     * A reader over text that starts on line {@code firstLine} of {@code source} (for EDN embedded in
     * other files, such as the value column of a log line).
     *
     * @param in the text
     * @param source the file, for messages; may be null
     * @param firstLine the 1-based line number of the first character
     */
    public EdnReader(Reader in, Path source, int firstLine) {
        this.in = new EdnInput(in, source, firstLine);
    }

    /** A reader over a string. */
    public static EdnReader of(String text) {
        return new EdnReader(new StringReader(text), null);
    }

    /**
     * Parses text holding exactly one form.
     *
     * @throws HistoryFormatException when there is no form, more than one, or a malformed one
     */
    public static Object parse(String text) {
        return parseOne(text, null, 1);
    }

    /**
     * Parses text holding exactly one form that starts on {@code line} of {@code source}.
     *
     * @throws HistoryFormatException when there is no form, more than one, or a malformed one
     */
    public static Object parseOne(String text, Path source, int line) {
        EdnReader r = new EdnReader(new StringReader(text), source, line);
        if (!r.hasNext()) {
            throw r.in.error(r.in.eofLine(), "expected an EDN form, found end of input");
        }
        Object v = r.next();
        if (r.hasNext()) {
            throw r.in.error(r.in.line(), "expected end of input after one form");
        }
        return v;
    }

    /** Parses every top-level form of the text, in order. */
    public static List<Object> parseAll(String text) {
        EdnReader r = of(text);
        List<Object> out = new ArrayList<>();
        while (r.hasNext()) {
            out.add(r.next());
        }
        return out;
    }

    /**
     * Whether another form follows: at top level, anything before the end of input; inside an
     * entered sequence, anything before its closing bracket (which is left for
     * {@link #exitSequence()}).
     *
     * @throws HistoryFormatException when an entered sequence is not closed before end of input
     */
    public boolean hasNext() {
        skipBlank();
        int c = in.peek();
        if (!inSequence) {
            return c != EOF;
        }
        if (c == EOF) {
            throw unclosed(sequenceCloser, sequenceKind, sequenceLine);
        }
        if (c == sequenceCloser) {
            return false;
        }
        if (EdnInput.isCloser(c)) {
            throw in.error(in.line(), "expected '" + sequenceCloser + "' to close the " + sequenceKind
                    + " opened on line " + sequenceLine + ", found '" + (char) c + "'");
        }
        return true;
    }

    /**
     * Reads the next form; {@link #line()} then tells where it started.
     *
     * @throws NoSuchElementException when {@link #hasNext()} is false
     * @throws HistoryFormatException when the form is malformed
     */
    public Object next() {
        if (!hasNext()) {
            throw new NoSuchElementException("no more EDN forms");
        }
        in.topLevelFormFrom(in.line());
        try {
            return readForm();
        } finally {
            in.topLevelFormFrom(0);
        }
    }

    /** The 1-based line where the form last returned by {@link #next()} started. */
    public int line() {
        return formLine;
    }

    /**
     * If the next top-level form is a vector or a list, consumes its opening bracket so that
     * {@link #hasNext()} and {@link #next()} stream its elements; call {@link #exitSequence()} once
     * {@link #hasNext()} is false. Returns false (consuming nothing) for any other form or at end of
     * input.
     *
     * @throws IllegalStateException when a sequence is already entered
     */
    public boolean enterSequence() {
        if (inSequence) {
            throw new IllegalStateException("already inside a sequence");
        }
        skipBlank();
        int c = in.peek();
        if (c != '[' && c != '(') {
            return false;
        }
        in.read();
        inSequence = true;
        sequenceCloser = c == '[' ? ']' : ')';
        sequenceKind = c == '[' ? "vector" : "list";
        sequenceLine = in.line();
        return true;
    }

    /**
     * Consumes the closing bracket of the entered sequence and returns to top level.
     *
     * @throws IllegalStateException when no sequence is entered or elements remain
     */
    public void exitSequence() {
        if (!inSequence || hasNext()) {
            throw new IllegalStateException(inSequence ? "elements remain" : "not inside a sequence");
        }
        in.read();
        inSequence = false;
    }

    @Override
    public void close() {
        in.close();
    }

    /** Skips whitespace, commas, comments and {@code #_} discarded forms. */
    private void skipBlank() {
        while (true) {
            int c = in.read();
            if (EdnInput.isWhitespace(c)) {
                continue;
            }
            if (c == ';') {
                while (c != '\n' && c != EOF) {
                    c = in.read();
                }
                continue;
            }
            if (c == '#') {
                int d = in.read();
                if (d == '_') {
                    discardForm();
                    continue;
                }
                in.unread(d);
            }
            in.unread(c);
            return;
        }
    }

    /** Reads and drops the form after a {@code #_}. */
    private void discardForm() {
        int at = in.line();
        skipBlank();
        int e = in.peek();
        if (e == EOF || EdnInput.isCloser(e)) {
            throw in.error(e == EOF ? in.eofLine() : in.line(), "expected a form to discard after #_ (line " + at
                    + ")" + (e == EOF ? ", found end of input" : ", found '" + (char) e + "'"));
        }
        readForm();
    }

    /** Reads one form; {@link #formLine} is then the line it started on. */
    private Object readForm() {
        skipBlank();
        int start = in.line();
        Object v = readFormAt(in.read(), start);
        formLine = start;
        return v;
    }

    private Object readFormAt(int c, int start) {
        switch (c) {
            case EOF:
                throw in.error(in.eofLine(), "expected a form, found end of input");
            case '[':
                return Collections.unmodifiableList(readElements(']', "vector", start));
            case '(':
                return Collections.unmodifiableList(readElements(')', "list", start));
            case '{':
                return readMap(start);
            case ')':
            case ']':
            case '}':
                throw in.error(start, "unexpected '" + (char) c + "': no open "
                        + (c == ')' ? "list" : c == ']' ? "vector" : "map or set") + " to close");
            case '"':
                return EdnScalars.string(in, start);
            case '\\':
                return EdnScalars.character(in, start);
            case '#':
                return readDispatch(start);
            case ':':
                return EdnScalars.keyword(in, start);
            default:
                break;
        }
        if (Character.isDigit(c)) {
            return EdnScalars.number(in, in.token(c), start);
        }
        if (c == '+' || c == '-') {
            int d = in.peek();
            if (d >= '0' && d <= '9') {
                return EdnScalars.number(in, in.token(c), start);
            }
        }
        if (Character.isLetter(c) || ".*+!-_?$%&=<>/".indexOf(c) >= 0) {
            return EdnScalars.symbol(in, in.token(c), start);
        }
        throw in.error(start, "unexpected character '" + (char) c + "': expected an EDN form");
    }

    private List<Object> readElements(char closer, String kind, int start) {
        List<Object> out = new ArrayList<>();
        while (true) {
            skipBlank();
            int c = in.peek();
            if (c == closer) {
                in.read();
                return out;
            }
            if (c == EOF) {
                throw unclosed(closer, kind, start);
            }
            if (EdnInput.isCloser(c)) {
                throw in.error(in.line(), "expected '" + closer + "' to close the " + kind + " opened on line "
                        + start + ", found '" + (char) c + "'");
            }
            out.add(readForm());
        }
    }

    private HistoryFormatException unclosed(char closer, String kind, int start) {
        return in.error(in.eofLine(), "end of input: expected '" + closer + "' to close the " + kind
                + " opened on line " + start);
    }

    private Map<Object, Object> readMap(int start) {
        List<Object> forms = readElements('}', "map", start);
        if (forms.size() % 2 != 0) {
            throw in.error(start, "the map opened on line " + start
                    + " has an odd number of forms: expected a value for every key");
        }
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < forms.size(); i += 2) {
            Object k = forms.get(i);
            if (m.containsKey(k)) {
                throw in.error(start, "duplicate key " + EdnWriter.toEdn(k) + " in the map opened on line "
                        + start);
            }
            m.put(k, forms.get(i + 1));
        }
        return Collections.unmodifiableMap(m);
    }

    /** After a {@code #}: a set, a symbolic value, or a tagged form (the tag is dropped). */
    private Object readDispatch(int start) {
        int c = in.read();
        if (c == '{') {
            return readSet(start);
        }
        if (c == '#') {
            return EdnScalars.symbolicValue(in, start);
        }
        if (c != EOF && Character.isLetter(c)) {
            String tag = in.token(c);
            if (!EdnScalars.isSymbolText(tag)) {
                throw in.error(start, "invalid tag #" + tag);
            }
            skipBlank();
            int next = in.peek();
            if (next == EOF || EdnInput.isCloser(next)) {
                throw in.error(next == EOF ? in.eofLine() : in.line(), "expected a form after the tag #" + tag);
            }
            return readForm();
        }
        throw in.error(start, c == EOF ? "end of input after '#'"
                : "unexpected '#" + (char) c + "': expected #{, #_, ## or a tag such as #inst");
    }

    private Set<Object> readSet(int start) {
        List<Object> forms = readElements('}', "set", start);
        Set<Object> s = new LinkedHashSet<>();
        for (Object o : forms) {
            if (!s.add(o)) {
                throw in.error(start, "duplicate element " + EdnWriter.toEdn(o) + " in the set opened on line "
                        + start);
            }
        }
        return Collections.unmodifiableSet(s);
    }
}

package dev.crucible.check.format;

import dev.crucible.check.history.HistoryFormatException;
import dev.crucible.check.history.Keyword;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Pattern;

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
 * and what was expected there.
 *
 * <p>Top-level forms are streamed one at a time with {@link #hasNext()} and {@link #next()}; one
 * top-level vector or list can be streamed element by element with {@link #enterSequence()}.
 * Instances are not thread-safe.
 */
public final class EdnReader implements Closeable {
    private static final int EOF = -1;
    private static final Pattern INTEGER = Pattern.compile("[+-]?(0|[1-9][0-9]*)N?");
    private static final Pattern LEADING_ZERO = Pattern.compile("[+-]?0[0-9]+N?");
    private static final Pattern DECIMAL =
            Pattern.compile("[+-]?[0-9]+(\\.[0-9]*)?([eE][+-]?[0-9]+)?M?");
    private static final Pattern SYMBOL_CHARS = Pattern.compile("[A-Za-z0-9.*+!\\-_?$%&=<>/:#']+");

    private final Reader in;
    private final Path source;
    private final int[] pushed = new int[4];
    private int npushed;
    private int line;
    private int lastChar = EOF;
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
        this.in = in instanceof BufferedReader || in instanceof StringReader ? in : new BufferedReader(in);
        this.source = source;
        this.line = firstLine;
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
            throw r.error(r.eofLine(), "expected an EDN form, found end of input");
        }
        Object v = r.next();
        if (r.hasNext()) {
            throw r.error(r.line, "expected end of input after one form");
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
        int c = peek();
        if (!inSequence) {
            return c != EOF;
        }
        if (c == EOF) {
            throw unclosed(sequenceCloser, sequenceKind, sequenceLine);
        }
        if (c == sequenceCloser) {
            return false;
        }
        if (c == ')' || c == ']' || c == '}') {
            throw error(line, "expected '" + sequenceCloser + "' to close the " + sequenceKind
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
        int start = line;
        Object v = readForm();
        formLine = start;
        return v;
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
        int c = peek();
        if (c != '[' && c != '(') {
            return false;
        }
        read();
        inSequence = true;
        sequenceCloser = c == '[' ? ']' : ')';
        sequenceKind = c == '[' ? "vector" : "list";
        sequenceLine = line;
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
        read();
        inSequence = false;
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---------------------------------------------------------------- characters

    private int read() {
        int c;
        if (npushed > 0) {
            c = pushed[--npushed];
        } else {
            try {
                c = in.read();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        if (c == '\n') {
            line++;
        }
        if (c != EOF) {
            lastChar = c;
        }
        return c;
    }

    private void unread(int c) {
        if (c == '\n') {
            line--;
        }
        pushed[npushed++] = c;
    }

    private int peek() {
        int c = read();
        unread(c);
        return c;
    }

    /** The line to report an unexpected end of input on: a final newline does not start a line. */
    private int eofLine() {
        return lastChar == '\n' ? Math.max(1, line - 1) : line;
    }

    private static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '\f';
    }

    private static boolean isDelimiter(int c) {
        return c == EOF || isWhitespace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '{'
                || c == '}' || c == '"' || c == ';' || c == '\\';
    }

    /** Skips whitespace, commas, comments and {@code #_} discarded forms. */
    private void skipBlank() {
        while (true) {
            int c = read();
            if (isWhitespace(c)) {
                continue;
            }
            if (c == ';') {
                while (c != '\n' && c != EOF) {
                    c = read();
                }
                continue;
            }
            if (c == '#') {
                int d = read();
                if (d == '_') {
                    int at = line;
                    skipBlank();
                    int e = peek();
                    if (e == EOF || e == ')' || e == ']' || e == '}') {
                        throw error(e == EOF ? eofLine() : line, "expected a form to discard after #_ (line " + at
                                + ")" + (e == EOF ? ", found end of input" : ", found '" + (char) e + "'"));
                    }
                    readForm();
                    continue;
                }
                unread(d);
            }
            unread(c);
            return;
        }
    }

    private String token(int first) {
        StringBuilder sb = new StringBuilder();
        sb.append((char) first);
        int c = read();
        while (!isDelimiter(c)) {
            sb.append((char) c);
            c = read();
        }
        unread(c);
        return sb.toString();
    }

    // ---------------------------------------------------------------- forms

    private Object readForm() {
        skipBlank();
        int start = line;
        int c = read();
        formLine = start;
        switch (c) {
            case EOF:
                throw error(eofLine(), "expected a form, found end of input");
            case '[':
                return Collections.unmodifiableList(readElements(']', "vector", start));
            case '(':
                return Collections.unmodifiableList(readElements(')', "list", start));
            case '{':
                return readMap(start);
            case ')':
            case ']':
            case '}':
                throw error(start, "unexpected '" + (char) c + "': no open "
                        + (c == ')' ? "list" : c == ']' ? "vector" : "map or set") + " to close");
            case '"':
                return readString(start);
            case '\\':
                return readChar(start);
            case '#':
                return readDispatch(start);
            case ':':
                return readKeyword(start);
            default:
                break;
        }
        if (Character.isDigit(c)) {
            return readNumber(token(c), start);
        }
        if (c == '+' || c == '-') {
            int d = peek();
            if (d >= '0' && d <= '9') {
                return readNumber(token(c), start);
            }
        }
        if (Character.isLetter(c) || ".*+!-_?$%&=<>/".indexOf(c) >= 0) {
            return readSymbol(token(c), start);
        }
        throw error(start, "unexpected character '" + (char) c + "': expected an EDN form");
    }

    private List<Object> readElements(char closer, String kind, int start) {
        List<Object> out = new ArrayList<>();
        while (true) {
            skipBlank();
            int c = peek();
            if (c == closer) {
                read();
                formLine = start;
                return out;
            }
            if (c == EOF) {
                throw unclosed(closer, kind, start);
            }
            if (c == ')' || c == ']' || c == '}') {
                throw error(line, "expected '" + closer + "' to close the " + kind + " opened on line "
                        + start + ", found '" + (char) c + "'");
            }
            out.add(readForm());
        }
    }

    private HistoryFormatException unclosed(char closer, String kind, int start) {
        return error(eofLine(), "end of input: expected '" + closer + "' to close the " + kind
                + " opened on line " + start);
    }

    private Map<Object, Object> readMap(int start) {
        List<Object> forms = readElements('}', "map", start);
        if (forms.size() % 2 != 0) {
            throw error(start, "the map opened on line " + start
                    + " has an odd number of forms: expected a value for every key");
        }
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < forms.size(); i += 2) {
            Object k = forms.get(i);
            if (m.containsKey(k)) {
                throw error(start, "duplicate key " + EdnWriter.toEdn(k) + " in the map opened on line "
                        + start);
            }
            m.put(k, forms.get(i + 1));
        }
        formLine = start;
        return Collections.unmodifiableMap(m);
    }

    private Object readDispatch(int start) {
        int c = read();
        if (c == '{') {
            List<Object> forms = readElements('}', "set", start);
            Set<Object> s = new LinkedHashSet<>();
            for (Object o : forms) {
                if (!s.add(o)) {
                    throw error(start, "duplicate element " + EdnWriter.toEdn(o) + " in the set opened on line "
                            + start);
                }
            }
            formLine = start;
            return Collections.unmodifiableSet(s);
        }
        if (c == '#') {
            String name = token('#').substring(1);
            formLine = start;
            switch (name) {
                case "Inf":
                    return Double.POSITIVE_INFINITY;
                case "-Inf":
                    return Double.NEGATIVE_INFINITY;
                case "NaN":
                    return Double.NaN;
                default:
                    throw error(start, "unknown symbolic value ##" + name + ": expected ##Inf, ##-Inf or ##NaN");
            }
        }
        if (c != EOF && Character.isLetter(c)) {
            String tag = token(c);
            if (!SYMBOL_CHARS.matcher(tag).matches()) {
                throw error(start, "invalid tag #" + tag);
            }
            skipBlank();
            if (peek() == EOF || peek() == ')' || peek() == ']' || peek() == '}') {
                throw error(peek() == EOF ? eofLine() : line, "expected a form after the tag #" + tag);
            }
            Object inner = readForm();
            formLine = start;
            return inner;
        }
        throw error(start, c == EOF ? "end of input after '#'"
                : "unexpected '#" + (char) c + "': expected #{, #_, ## or a tag such as #inst");
    }

    private Object readString(int start) {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int c = read();
            if (c == EOF) {
                throw error(eofLine(), "end of input: expected '\"' to close the string opened on line "
                        + start);
            }
            if (c == '"') {
                formLine = start;
                return sb.toString();
            }
            if (c != '\\') {
                sb.append((char) c);
                continue;
            }
            int e = read();
            switch (e) {
                case 't' -> sb.append('\t');
                case 'r' -> sb.append('\r');
                case 'n' -> sb.append('\n');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case '\\' -> sb.append('\\');
                case '"' -> sb.append('"');
                case 'u' -> sb.append(readHex4());
                default -> throw error(line, e == EOF ? "end of input in a string escape"
                        : "unknown string escape '\\" + (char) e
                                + "': expected one of \\t \\r \\n \\b \\f \\\\ \\\" \\uXXXX");
            }
        }
    }

    private char readHex4() {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            int c = read();
            int d = Character.digit(c == EOF ? 'x' : c, 16);
            if (d < 0) {
                throw error(line, "expected four hexadecimal digits after \\u");
            }
            v = v * 16 + d;
        }
        return (char) v;
    }

    private String readChar(int start) {
        int c = read();
        if (c == EOF || isWhitespace(c)) {
            throw error(start, "expected a character after '\\'");
        }
        StringBuilder sb = new StringBuilder().append((char) c);
        int d = read();
        while (!isDelimiter(d)) {
            sb.append((char) d);
            d = read();
        }
        unread(d);
        String name = sb.toString();
        formLine = start;
        if (name.length() == 1) {
            return name;
        }
        switch (name) {
            case "newline":
                return "\n";
            case "space":
                return " ";
            case "tab":
                return "\t";
            case "return":
                return "\r";
            case "formfeed":
                return "\f";
            case "backspace":
                return "\b";
            default:
                break;
        }
        if (name.length() == 5 && name.charAt(0) == 'u') {
            try {
                return String.valueOf((char) Integer.parseInt(name.substring(1), 16));
            } catch (NumberFormatException e) {
                // fall through to the error
            }
        }
        throw error(start, "unknown character literal \\" + name
                + ": expected one character, \\newline, \\space, \\tab, \\return, \\formfeed,"
                + " \\backspace or \\uXXXX");
    }

    private Keyword readKeyword(int start) {
        int c = read();
        if (isDelimiter(c)) {
            throw error(start, "expected a keyword name after ':'");
        }
        String name = token(c);
        formLine = start;
        if (name.startsWith(":")) {
            throw error(start, "auto-resolved keyword ::" + name.substring(1) + " is not EDN");
        }
        if (!SYMBOL_CHARS.matcher(name).matches() || name.endsWith("/") || name.startsWith("/")) {
            throw error(start, "invalid keyword :" + name);
        }
        return Keyword.of(name);
    }

    private Object readSymbol(String tok, int start) {
        formLine = start;
        switch (tok) {
            case "nil":
                return null;
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                break;
        }
        if (!SYMBOL_CHARS.matcher(tok).matches()) {
            throw error(start, "invalid symbol '" + tok + "'");
        }
        return tok;
    }

    private Object readNumber(String tok, int start) {
        formLine = start;
        if (INTEGER.matcher(tok).matches()) {
            String digits = tok.endsWith("N") ? tok.substring(0, tok.length() - 1) : tok;
            BigInteger b = new BigInteger(digits.startsWith("+") ? digits.substring(1) : digits);
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (LEADING_ZERO.matcher(tok).matches()) {
            throw error(start, "integer with a leading zero '" + tok + "' (octal is not EDN)");
        }
        if (DECIMAL.matcher(tok).matches()) {
            String t = tok.startsWith("+") ? tok.substring(1) : tok;
            if (t.endsWith("M")) {
                return new BigDecimal(t.substring(0, t.length() - 1));
            }
            return Double.parseDouble(t);
        }
        throw error(start, "invalid number '" + tok + "'"
                + (tok.indexOf('/') >= 0 ? ": ratios are not supported" : ""));
    }

    private HistoryFormatException error(int at, String problem) {
        return new HistoryFormatException(source, at, problem);
    }
}

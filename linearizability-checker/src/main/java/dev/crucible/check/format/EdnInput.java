package dev.crucible.check.format;

import dev.crucible.check.history.HistoryFormatException;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The character layer under {@link EdnReader}: reads characters with a little push-back, counts
 * lines, cuts tokens at EDN delimiters, and makes the errors that name the source and a line.
 *
 * <p>Lines are 1-based and advance on {@code '\n'}. At end of input the line reported is the last
 * line that holds text: a final newline does not start a line of its own. Not thread-safe.
 */
final class EdnInput implements Closeable {
    /** What {@link #read()} returns at end of input. */
    static final int EOF = -1;

    /** The reader never looks further ahead than this many characters. */
    private static final int MAX_PUSHED = 4;

    private final Reader in;
    private final Path source;
    private final int[] pushed = new int[MAX_PUSHED];
    private int npushed;
    private int line;
    private int lastChar = EOF;
    private int topFormLine;

    /**
     * @param in the text (buffered here when it is not already)
     * @param source the file, for messages; may be null
     * @param firstLine the 1-based line number of the first character
     */
    EdnInput(Reader in, Path source, int firstLine) {
        this.in = in instanceof BufferedReader || in instanceof StringReader ? in : new BufferedReader(in);
        this.source = source;
        this.line = firstLine;
    }

    /** The next character, or {@link #EOF}. */
    int read() {
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

    /** Gives back {@code c}, the character last read, so the next {@link #read()} returns it again. */
    void unread(int c) {
        if (c == '\n') {
            line--;
        }
        pushed[npushed++] = c;
    }

    /** The next character without consuming it. */
    int peek() {
        int c = read();
        unread(c);
        return c;
    }

    /** The line of the next character. */
    int line() {
        return line;
    }

    /** The line to report an unexpected end of input on: a final newline does not start a line. */
    int eofLine() {
        return lastChar == '\n' ? Math.max(1, line - 1) : line;
    }

    /** {@code first} and every character after it up to (not including) the next delimiter. */
    String token(int first) {
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

    /** EDN whitespace: blanks, line ends, form feeds, and commas. */
    static boolean isWhitespace(int c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ',' || c == '\f';
    }

    /** Where a token ends: whitespace, a bracket, a quote, a comment, a backslash, or end of input. */
    static boolean isDelimiter(int c) {
        return c == EOF || isWhitespace(c) || c == '(' || c == ')' || c == '[' || c == ']' || c == '{'
                || c == '}' || c == '"' || c == ';' || c == '\\';
    }

    /** Whether {@code c} closes a list, a vector, a map or a set. */
    static boolean isCloser(int c) {
        return c == ')' || c == ']' || c == '}';
    }

    /**
     * Until called again, errors come from inside the top-level form that starts on {@code line}
     * (0: from none).
     */
    void topLevelFormFrom(int line) {
        topFormLine = line;
    }

    /**
     * A format error at line {@code at} of the source. Found on a later line than the top-level form
     * being read starts on, it names that line too unless it already does: a string cut short swallows
     * the lines after it, and the reader stumbles only there.
     */
    HistoryFormatException error(int at, String problem) {
        boolean named = topFormLine == 0 || topFormLine == at
                || Pattern.compile("line " + topFormLine + "(?![0-9])").matcher(problem).find();
        return new HistoryFormatException(source, at,
                named ? problem : problem + " (in the form that starts on line " + topFormLine + ")");
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.crucible.check.format;

import dev.crucible.check.history.History;
import dev.crucible.check.history.HistoryFormatException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads a Jepsen/Knossos EDN history: one top-level vector or list of event maps, or a stream of
 * event maps (both as the Knossos command line accepts them).
 *
 * <p>Each map becomes an {@code Op}: {@code :process} an integer (Long) or a keyword such as
 * {@code :nemesis} (kept as a Keyword; a symbol or string is turned into a Keyword too);
 * {@code :type} one of {@code :invoke :ok :fail :info}; {@code :f} a keyword, symbol or string
 * (its name is kept); {@code :value} as read; {@code :time} an integer in nanoseconds, -1 when
 * absent or nil; every other key goes to {@code extra} under its name without the colon. The op's
 * line is the line where its map starts.
 *
 * <p>Indices follow Knossos: when every event carries an integer {@code :index} and they are all
 * different, they are kept; otherwise each event's index is its 0-based position in the file (and
 * any {@code :index} values are dropped).
 */
public final class EdnHistoryReader {
    /** The format name ({@code History.format()}) of histories read here. */
    public static final String FORMAT = "edn";

    private EdnHistoryReader() {}

    /**
     * Reads a history file (UTF-8).
     *
     * @throws HistoryFormatException when the file is missing or malformed
     */
    public static History read(Path file) {
        return readFile(file, FORMAT);
    }

    /** Reads a history from text (errors name no file). */
    public static History parse(String text) {
        return read(new StringReader(text), null, FORMAT);
    }

    /**
     * Reads a history from {@code in}, naming {@code source} in errors and in the result.
     *
     * @throws HistoryFormatException when malformed
     */
    public static History read(Reader in, Path source) {
        return read(in, source, FORMAT);
    }

    static History readFile(Path file, String format) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file, format);
        } catch (NoSuchFileException e) {
            throw new HistoryFormatException(file, 0, "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    static History read(Reader in, Path source, String format) {
        EdnReader r = new EdnReader(in, source);
        OpFields ops = new OpFields(source, true);
        if (r.enterSequence()) {
            while (r.hasNext()) {
                addEvent(r, ops, source);
            }
            r.exitSequence();
            if (r.hasNext()) {
                r.next();
                throw new HistoryFormatException(source, r.line(),
                        "expected end of input after the history's closing bracket, found another form");
            }
        } else {
            while (r.hasNext()) {
                addEvent(r, ops, source);
            }
        }
        return new History(ops.ops(), source, format);
    }

    private static void addEvent(EdnReader r, OpFields ops, Path source) {
        Object form = r.next();
        if (!(form instanceof Map<?, ?> m)) {
            throw new HistoryFormatException(source, r.line(),
                    "expected an event map {:process .. :type .. :f ..}, found " + describe(form));
        }
        ops.add(m, r.line());
    }

    static String describe(Object form) {
        String text;
        try {
            text = EdnWriter.toEdn(form);
        } catch (IllegalArgumentException e) {
            text = String.valueOf(form);
        }
        return text.length() > 60 ? text.substring(0, 57) + "..." : text;
    }
}

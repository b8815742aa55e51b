package dev.crucible.check.format;

import dev.crucible.check.history.History;
import dev.crucible.check.history.HistoryFormatException;
import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the Jepsen etcd logs of Porcupine's test data ({@code test_data/jepsen/etcd_NNN.log}): one
 * event per log line, {@code INFO  jepsen.util - <process> <type> <f> <value>}.
 *
 * <p>After the {@code " - "} the first three fields are separated by tabs or runs of spaces (any
 * whitespace); the rest of the line is the value, read as one EDN form (so {@code [4 0]},
 * {@code nil} and {@code :timed-out} come out as a List, null and a Keyword). The process is an
 * integer (Long) or a keyword such as {@code :nemesis}; type and f are keywords. Lines that do not
 * carry the {@code INFO jepsen.util - } marker (other log output) are skipped; a marked line that
 * does not hold an event is an error naming its line.
 *
 * <p>Each event's index is its 0-based position among the events, its time -1 (the logs carry
 * none), its line the line in the file.
 */
public final class PorcupineEtcdReader {
    /** The format name ({@code History.format()}) of histories read here. */
    public static final String FORMAT = "porcupine-etcd";

    /** The marker of an event line; {@link Formats} recognises the format by it. */
    static final Pattern MARKER = Pattern.compile("INFO\\s+jepsen\\.util\\s+-\\s");
    private static final Pattern FIELDS = Pattern.compile("\\s*(\\S+)\\s+(\\S+)\\s+(\\S+)\\s+(\\S.*)");

    private PorcupineEtcdReader() {}

    /**
     * Reads a log file (UTF-8).
     *
     * @throws HistoryFormatException when the file is missing or an event line is malformed
     */
    public static History read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file);
        } catch (NoSuchFileException e) {
            throw new HistoryFormatException(file, 0, "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** Reads a log from text (errors name no file). */
    public static History parse(String text) {
        return read(new StringReader(text), null);
    }

    /**
     * Reads a log from {@code in}, naming {@code source} in errors and in the result.
     *
     * @throws HistoryFormatException when an event line is malformed
     */
    public static History read(Reader in, Path source) {
        BufferedReader br = in instanceof BufferedReader b ? b : new BufferedReader(in);
        List<Op> ops = new ArrayList<>();
        int lineNo = 0;
        try {
            String line;
            while ((line = br.readLine()) != null) {
                lineNo++;
                Matcher marker = MARKER.matcher(line);
                if (!marker.find()) {
                    continue;
                }
                ops.add(event(line.substring(marker.end()), ops.size(), lineNo, source));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new History(Collections.unmodifiableList(ops), source, FORMAT);
    }

    private static Op event(String rest, long index, int line, Path source) {
        Matcher m = FIELDS.matcher(rest.strip());
        if (!m.matches()) {
            throw new HistoryFormatException(source, line, "expected '<process> <type> <f> <value>'"
                    + " after 'jepsen.util - ', found '" + rest.strip() + "'");
        }
        Object process = EdnReader.parseOne(m.group(1), source, line);
        if (!(process instanceof Long) && !(process instanceof Keyword)) {
            throw new HistoryFormatException(source, line,
                    "expected a process id (integer or keyword), found '" + m.group(1) + "'");
        }
        Object t = EdnReader.parseOne(m.group(2), source, line);
        OpType type = t instanceof Keyword k ? OpType.parse(k.name()) : null;
        if (type == null) {
            throw new HistoryFormatException(source, line,
                    "expected a type :invoke, :ok, :fail or :info, found '" + m.group(2) + "'");
        }
        Object f = EdnReader.parseOne(m.group(3), source, line);
        if (!(f instanceof Keyword) && !(f instanceof String)) {
            throw new HistoryFormatException(source, line,
                    "expected a function keyword such as :read, found '" + m.group(3) + "'");
        }
        Object value = EdnReader.parseOne(m.group(4), source, line);
        String fname = f instanceof Keyword k ? k.name() : (String) f;
        return new Op(index, type, process, fname, value, -1, Map.of(), line);
    }
}

package dev.crucible.check.format;

import dev.crucible.check.history.History;
import dev.crucible.check.history.HistoryFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The history formats by name, and recognising a file's format from its content.
 *
 * <p>Names ({@code --format}): {@code jsonl} ({@link JsonLinesReader}), {@code edn}
 * ({@link EdnHistoryReader}), {@code porcupine-etcd} ({@link PorcupineEtcdReader}),
 * {@code porcupine-kv} ({@link PorcupineKvReader}).
 *
 * <p>Recognition, when no format is named: "jsonl" if the first non-blank line starts with
 * <code>{"</code>; else "porcupine-etcd" if any line carries the {@code INFO  jepsen.util - }
 * marker; else "edn". A Porcupine kv file is a plain EDN event stream, so it is recognised as
 * "edn": it reads the same (the {@code :key} lands in {@code extra} either way), only
 * {@code History.format()} differs. Name "porcupine-kv" to get that label.
 */
public final class Formats {
    private static final List<String> NAMES = List.of(JsonLinesReader.FORMAT, EdnHistoryReader.FORMAT,
            PorcupineEtcdReader.FORMAT, PorcupineKvReader.FORMAT);

    private Formats() {}

    /** The accepted format names: jsonl, edn, porcupine-etcd, porcupine-kv. */
    public static List<String> names() {
        return NAMES;
    }

    /**
     * Reads a history file in the named format, or in the format recognised from its content when
     * {@code formatOrNull} is null or blank.
     *
     * @throws IllegalArgumentException for an unknown format name (the message lists the names)
     * @throws HistoryFormatException when the file is missing or malformed
     */
    public static History read(Path file, String formatOrNull) {
        String format = formatOrNull == null || formatOrNull.isBlank() ? null : normalise(formatOrNull);
        requireFile(file);
        if (format == null) {
            format = detect(file);
        }
        return switch (format) {
            case JsonLinesReader.FORMAT -> JsonLinesReader.read(file);
            case EdnHistoryReader.FORMAT -> EdnHistoryReader.read(file);
            case PorcupineEtcdReader.FORMAT -> PorcupineEtcdReader.read(file);
            case PorcupineKvReader.FORMAT -> PorcupineKvReader.read(file);
            default -> throw new IllegalStateException(format);
        };
    }

    /**
     * Writes a history in a writable format: "jsonl" or "edn".
     *
     * @throws IllegalArgumentException for another name
     */
    public static void write(History history, Path file, String format) {
        String f = normalise(format);
        switch (f) {
            case JsonLinesReader.FORMAT -> JsonLinesWriter.write(history.ops(), file);
            case EdnHistoryReader.FORMAT -> EdnHistoryWriter.write(history.ops(), file);
            default -> throw new IllegalArgumentException("cannot write format \"" + format
                    + "\"; writable formats: jsonl, edn");
        }
    }

    /**
     * The format of a file recognised from its content (see the class comment).
     *
     * @throws HistoryFormatException when the file is missing
     */
    public static String detect(Path file) {
        requireFile(file);
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            boolean first = true;
            while ((line = r.readLine()) != null) {
                if (first && !line.isBlank()) {
                    if (line.strip().startsWith("{\"")) {
                        return JsonLinesReader.FORMAT;
                    }
                    first = false;
                }
                if (PorcupineEtcdReader.MARKER.matcher(line).find()) {
                    return PorcupineEtcdReader.FORMAT;
                }
            }
            return EdnHistoryReader.FORMAT;
        } catch (NoSuchFileException e) {
            throw new HistoryFormatException(file, 0, "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    private static String normalise(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (!NAMES.contains(n)) {
            throw new IllegalArgumentException("unknown history format \"" + name + "\"; known formats: "
                    + String.join(", ", NAMES));
        }
        return n;
    }

    private static void requireFile(Path file) {
        if (!Files.exists(file)) {
            throw new HistoryFormatException(file, 0, "no such file");
        }
        if (!Files.isRegularFile(file)) {
            throw new HistoryFormatException(file, 0, "not a regular file");
        }
    }
}

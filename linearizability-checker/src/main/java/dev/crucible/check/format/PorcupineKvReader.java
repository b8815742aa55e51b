package dev.crucible.check.format;

import dev.crucible.check.history.History;
import dev.crucible.check.history.HistoryFormatException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;

/**
 * Reads the key-value histories of Porcupine's test data ({@code test_data/kv/cNN-*.txt}): one EDN
 * map per line, e.g. {@code {:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}}.
 *
 * <p>This is an EDN event stream, read exactly as {@link EdnHistoryReader} reads one; the
 * {@code :key} lands in each op's {@code extra} under "key". Only the format name of the result
 * differs ("porcupine-kv"), so a checker can pick the key-value model from it.
 */
public final class PorcupineKvReader {
    /** The format name ({@code History.format()}) of histories read here. */
    public static final String FORMAT = "porcupine-kv";

    private PorcupineKvReader() {}

    /**
     * Reads a history file (UTF-8).
     *
     * @throws HistoryFormatException when the file is missing or malformed
     */
    public static History read(Path file) {
        return EdnHistoryReader.readFile(file, FORMAT);
    }

    /** Reads a history from text (errors name no file). */
    public static History parse(String text) {
        return EdnHistoryReader.read(new StringReader(text), null, FORMAT);
    }

    /** Reads a history from {@code in}, naming {@code source} in errors and in the result. */
    public static History read(Reader in, Path source) {
        return EdnHistoryReader.read(in, source, FORMAT);
    }
}

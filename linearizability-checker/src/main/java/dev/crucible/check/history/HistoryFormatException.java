package dev.crucible.check.history;

import java.nio.file.Path;

/** Malformed input: names the file and the line, and what was expected there. */
public final class HistoryFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param file the file (may be null) @param line 1-based line (0 when unknown) @param problem what is wrong */
    public HistoryFormatException(Path file, int line, String problem) {
        super((file == null ? "input" : file.toString()) + (line > 0 ? ":" + line : "") + ": " + problem);
    }
}

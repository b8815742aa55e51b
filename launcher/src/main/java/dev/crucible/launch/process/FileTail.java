package dev.crucible.launch.process;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The last lines of a log file, read from at most its last 64 KiB, for error messages. */
public final class FileTail {

    private static final int MAX_BYTES = 64 * 1024;

    private FileTail() {}

    /** Up to {@code count} last lines of {@code file}, indented; a note if it cannot be read. */
    public static String lastLines(Path file, int count) {
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            int size = (int) Math.min(length, MAX_BYTES);
            byte[] bytes = new byte[size];
            in.seek(length - size);
            in.readFully(bytes);
            List<String> lines =
                    Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            List<String> tail = lines.subList(Math.max(0, lines.size() - count), lines.size());
            if (tail.isEmpty() || (tail.size() == 1 && tail.get(0).isBlank())) {
                return "  (" + file + " is empty)";
            }
            return "  " + String.join("\n  ", tail);
        } catch (IOException e) {
            return "  (" + file + " unreadable: " + e.getMessage() + ")";
        }
    }
}

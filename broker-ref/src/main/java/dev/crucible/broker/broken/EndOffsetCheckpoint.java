package dev.crucible.broker.broken;

import dev.crucible.broker.common.DurableFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The file of the {@code lose-acked-writes} mode: for each partition, the log end offset a restart rolls
 * it back to. Text in the shape of Kafka's offset checkpoint files, replaced whole and durably:
 *
 * <pre>
 * line   content
 *    1   0                  format version
 *    2   N                  number of entries
 *  3..   TOPIC-PARTITION END  one entry a line, the partition as its log directory is named
 * </pre>
 *
 * Topic names have no spaces (Kafka's rule), so a line splits on its last space.
 */
final class EndOffsetCheckpoint {
    private static final String VERSION = "0";
    /** A bound on what is read back: far more partitions than a broker-ref test run has. */
    private static final int MAX_ENTRIES = 1_000_000;

    private EndOffsetCheckpoint() {
    }

    /** The entries of {@code file}, sorted by partition; empty when there is no file. */
    static Map<String, Long> read(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return new TreeMap<>();
        }
        try {
            if (lines.size() < 2 || !lines.get(0).equals(VERSION)) {
                throw new IllegalArgumentException("expected version " + VERSION + " and a count");
            }
            int count = Integer.parseInt(lines.get(1));
            if (count < 0 || count > MAX_ENTRIES || lines.size() != count + 2) {
                throw new IllegalArgumentException("count " + count + " does not match " + (lines.size() - 2) + " entries");
            }
            Map<String, Long> entries = new TreeMap<>();
            for (String line : lines.subList(2, lines.size())) {
                int space = line.lastIndexOf(' ');
                long end = Long.parseLong(line.substring(space + 1));
                if (space <= 0 || end < 0) {
                    throw new IllegalArgumentException("bad entry '" + line + "'");
                }
                entries.put(line.substring(0, space), end);
            }
            return entries;
        } catch (IllegalArgumentException e) { // NumberFormatException included
            throw new IOException(file + " is not a lose-acked-writes checkpoint: " + e.getMessage(), e);
        }
    }

    /** Replaces {@code file} with these entries (a crash leaves the old file or the new one). */
    static void write(Path file, Map<String, Long> endOffsets) throws IOException {
        StringBuilder text = new StringBuilder(VERSION).append('\n').append(endOffsets.size()).append('\n');
        for (Map.Entry<String, Long> e : new TreeMap<>(endOffsets).entrySet()) {
            text.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        DurableFiles.replace(file, ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
    }
}

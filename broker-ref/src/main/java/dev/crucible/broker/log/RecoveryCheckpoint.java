package dev.crucible.broker.log;

import dev.crucible.broker.common.DurableFiles;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Each log's recovery point (see {@code Log.recoveryPoint()}), saved in the data directory so that after
 * a crash only the segments past it are validated (Kafka's {@code recovery-point-offset-checkpoint}).
 * Text, replaced whole and forced:
 *
 * <pre>
 * 0                                   version
 * 2                                   number of entries
 * orders-0 1048576 Yw8TcKyGQ7K8HfzYq7bT1A    partition directory, recovery point, topic id ("-": none)
 * __crucible_offsets-0 4096 -
 * </pre>
 *
 * An entry counts only for the topic id it names, so a topic deleted and created again under the same
 * name starts from 0 (every segment validated). A missing or unreadable file gives no entries.
 */
public final class RecoveryCheckpoint {
    public static final String FILE = "recovery-point-offset-checkpoint";
    private static final String NO_ID = "-";

    private RecoveryCheckpoint() {
    }

    /** One log's saved point. */
    public record Point(long offset, String topicId) {
    }

    /** The saved points by partition directory name; empty when there is no readable file. */
    public static Map<String, Point> read(Path dataDir) {
        return read(dataDir, FILE);
    }

    /**
     * As {@link #read(Path)} from another file of the same format (a replica's high watermarks are kept
     * in Kafka's {@code replication-offset-checkpoint} the same way).
     */
    public static Map<String, Point> read(Path dataDir, String file) {
        Map<String, Point> points = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(dataDir.resolve(file), StandardCharsets.UTF_8)) {
            if (!"0".equals(in.readLine())) {
                return Map.of();
            }
            int count = Integer.parseInt(in.readLine().trim());
            for (int i = 0; i < count; i++) {
                String[] fields = in.readLine().trim().split(" ");
                points.put(fields[0], new Point(Long.parseLong(fields[1]), fields[2]));
            }
            return points;
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException | RuntimeException e) {
            return Map.of(); // damaged: validate everything, as with no file
        }
    }

    /** The point of one log: its saved offset when the saved topic id matches, else 0 (validate all). */
    public static long pointOf(Map<String, Point> points, String dirName, String topicId) {
        Point p = points.get(dirName);
        return p != null && p.topicId().equals(topicId == null ? NO_ID : topicId) ? p.offset() : 0;
    }

    /** Replaces the file with these points. */
    public static void write(Path dataDir, Map<String, Point> points) throws IOException {
        write(dataDir, FILE, points);
    }

    /** Replaces {@code file} (in the format of {@link #FILE}) with these points. */
    public static void write(Path dataDir, String file, Map<String, Point> points) throws IOException {
        StringBuilder text = new StringBuilder("0\n").append(points.size()).append('\n');
        for (Map.Entry<String, Point> e : points.entrySet()) {
            text.append(e.getKey()).append(' ').append(e.getValue().offset()).append(' ')
                .append(e.getValue().topicId() == null ? NO_ID : e.getValue().topicId()).append('\n');
        }
        DurableFiles.replace(dataDir.resolve(file), StandardCharsets.UTF_8.encode(text.toString()));
    }

    /** An entry for a log that belongs to no topic (the offsets log). */
    public static Point untied(long offset) {
        return new Point(offset, NO_ID);
    }
}

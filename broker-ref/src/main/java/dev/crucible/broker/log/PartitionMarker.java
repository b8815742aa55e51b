package dev.crucible.broker.log;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The file that ties a partition directory to one incarnation of its topic, in Apache Kafka's format
 * ({@code partition.metadata}):
 *
 * <pre>
 * version: 0
 * topic_id: &lt;the topic id, base64 as Kafka prints it&gt;
 * </pre>
 *
 * A directory whose marker names another id than its topic's holds the data of a topic that was
 * deleted (or never finished being created) and must not be served under the new one.
 */
final class PartitionMarker {
    static final String FILE = "partition.metadata";

    private PartitionMarker() {
    }

    /**
     * Writes the marker whole or not at all (temp file, rename) but without an fsync of its own: a
     * create makes thousands of them, and the topic's CREATING/READY entry, which is forced, is what
     * decides after a crash. A marker lost to a power cut is written again at the next start.
     */
    static void write(Path partitionDir, Uuid topicId) throws IOException {
        String text = "version: 0\ntopic_id: " + topicId + "\n";
        Path tmp = partitionDir.resolve(FILE + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, partitionDir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The topic id in the directory's marker; null when there is no marker (or no directory). */
    static Uuid read(Path partitionDir) throws IOException {
        String text;
        try {
            text = Files.readString(partitionDir.resolve(FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("topic_id:")) {
                try {
                    return Uuid.fromString(line.substring("topic_id:".length()).trim());
                } catch (IllegalArgumentException e) {
                    throw new IOException("corrupt " + partitionDir.resolve(FILE) + ": " + e.getMessage(), e);
                }
            }
        }
        throw new IOException("corrupt " + partitionDir.resolve(FILE) + ": no topic_id line");
    }
}

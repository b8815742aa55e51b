package dev.crucible.broker.log;

import dev.crucible.broker.common.BrokerLog;

import dev.crucible.io.LogFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Partition directories on disk: Kafka's {@code <topic>-<partition>} names, removal that survives a
 * crash half way (rename to {@code *-delete} first, which the next start finishes), and setting aside
 * a directory no live topic owns ({@code *-stray}, kept for the operator, never served).
 */
final class PartitionDirs {
    static final String DELETE_SUFFIX = "-delete";
    static final String STRAY_SUFFIX = "-stray";

    private PartitionDirs() {
    }

    static Path of(Path dataDir, String topic, int index) {
        return dataDir.resolve(topic + "-" + index);
    }

    /** Renames the directory to {@code <dir>.<tag>-delete}, then deletes it; a crash leaves the renamed one. */
    static void remove(Path dir, String tag) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Path doomed = dir.resolveSibling(dir.getFileName() + "." + tag + DELETE_SUFFIX);
        Files.move(dir, doomed);
        LogFiles.deleteRecursively(doomed);
    }

    /** Moves a directory that belongs to no live topic out of the way, and says so. */
    static void setAside(Path dir, String why) throws IOException {
        Path aside = dir.resolveSibling(dir.getFileName() + "." + System.currentTimeMillis() + STRAY_SUFFIX);
        Files.move(dir, aside);
        BrokerLog.warn("set aside " + dir + " as " + aside.getFileName() + ": " + why);
    }

    /** Finishes removals a crash interrupted. */
    static void removeDeleted(Path dataDir) throws IOException {
        try (Stream<Path> dirs = Files.list(dataDir)) {
            for (Path d : (Iterable<Path>) dirs::iterator) {
                if (d.getFileName().toString().endsWith(DELETE_SUFFIX)) {
                    LogFiles.deleteRecursively(d);
                }
            }
        }
    }

}

package dev.crucible.broker;

import dev.crucible.broker.common.DurableFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The marker a broker leaves in its data directory when it stopped cleanly: every log flushed and
 * closed, indexes trimmed, producer state saved. A start that finds it opens the logs without
 * validating their active segments again, so it takes the same time whatever the data (Kafka's
 * {@code .kafka_cleanshutdown}). The marker is removed, durably, before anything is written, so a
 * crash afterwards leaves none and the next start recovers in full.
 */
final class CleanShutdown {
    static final String MARKER = ".crucible_cleanshutdown";

    private CleanShutdown() {
    }

    /** True when the last stop was clean; removes the marker (and forces the directory) either way. */
    static boolean consume(Path dataDir) throws IOException {
        boolean clean = Files.deleteIfExists(dataDir.resolve(MARKER));
        if (clean) {
            DurableFiles.syncDirectory(dataDir);
        }
        return clean;
    }

    /** Records a clean stop; call only after every log closed without error. */
    static void mark(Path dataDir) throws IOException {
        DurableFiles.replace(dataDir.resolve(MARKER), java.nio.ByteBuffer.allocate(0));
    }
}

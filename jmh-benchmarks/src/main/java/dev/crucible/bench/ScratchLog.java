package dev.crucible.bench;

import dev.crucible.io.AppendRequest;
import dev.crucible.io.GroupCommitWriter;
import dev.crucible.io.Log;
import dev.crucible.io.LogConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A log with its own writer in a fresh directory under {@value #DIR_PROPERTY} (default {@code target},
 * relative to the working directory: a real disk, not a tmpfs), removed again by {@link #close()}.
 */
final class ScratchLog implements AutoCloseable {
    /** System property naming the directory under which benchmark logs are created. */
    static final String DIR_PROPERTY = "crucible.bench.dir";
    /** Retention check period for logs that have no retention limit to enforce. */
    static final long RARE_RETENTION_CHECK_MS = 300_000;
    /** Bytes handed to the log per append while prefilling. */
    private static final int FILL_CHUNK_BYTES = 4 << 20;

    final Path dir;
    final GroupCommitWriter writer;
    final Log log;

    private ScratchLog(Path dir, GroupCommitWriter writer, Log log) {
        this.dir = dir;
        this.writer = writer;
        this.log = log;
    }

    static ScratchLog open(String prefix, LogConfig config, long retentionCheckIntervalMs) throws IOException {
        Path base = Path.of(System.getProperty(DIR_PROPERTY, "target"));
        Files.createDirectories(base);
        Path dir = Files.createTempDirectory(base, prefix);
        GroupCommitWriter writer = GroupCommitWriter.start(
            GroupCommitWriter.Settings.DEFAULT.withRetentionCheckIntervalMs(retentionCheckIntervalMs));
        try {
            return new ScratchLog(dir, writer, Log.open(dir.resolve("bench-0"), config, writer));
        } catch (IOException | RuntimeException e) {
            writer.close();
            deleteTree(dir);
            throw e;
        }
    }

    /**
     * Appends {@code count} copies of {@code batch} (one batch, position to limit), several per request,
     * waiting for each request. Setup-time only: it allocates.
     */
    void fill(ByteBuffer batch, long count) {
        int batchBytes = batch.remaining();
        int perChunk = Math.max(1, FILL_CHUNK_BYTES / batchBytes);
        ByteBuffer chunk = ByteBuffer.allocateDirect(perChunk * batchBytes).order(ByteOrder.BIG_ENDIAN);
        for (long done = 0; done < count; ) {
            int n = (int) Math.min(perChunk, count - done);
            chunk.clear();
            for (int i = 0; i < n; i++) {
                chunk.put(batch.duplicate());
            }
            chunk.flip();
            AppendRequest appended = log.appendAsync(chunk).join();
            if (appended.lastOffset() - appended.baseOffset() != n - 1) {
                throw new IllegalStateException("prefill appended offsets " + appended.baseOffset() + ".." + appended.lastOffset());
            }
            done += n;
        }
    }

    /** Closes the log and its writer and deletes the directory. */
    @Override
    public void close() {
        try {
            log.close();
        } finally {
            writer.close();
            deleteTree(dir);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete benchmark directory " + root, e);
        }
    }
}

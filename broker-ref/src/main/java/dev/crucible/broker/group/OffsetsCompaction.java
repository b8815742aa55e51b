package dev.crucible.broker.group;

import dev.crucible.io.FetchSlice;
import dev.crucible.io.GroupCommitWriter;
import dev.crucible.io.Log;
import dev.crucible.io.LogConfig;

import dev.crucible.io.LogFiles;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

/**
 * Keeps the offsets log from growing with every commit ever made, so a start replays what is live,
 * not history. At open, before the coordinator restores from it, the log is read into the live
 * offsets (a removal drops its key), which the coordinator then restores from without reading the log
 * again; when it holds more than twice as many records as there are live offsets (and at least
 * {@link #MIN_RECORDS}), or some offsets are past {@code offsets.retention.minutes} (every group is
 * empty at start), the live ones are written to a new log that replaces the old.
 *
 * <p>Crash-safe by renames of whole directories: the new log is written in {@code <dir>.compacting}
 * (removed if a crash leaves it), forced and renamed {@code <dir>.compacted} (complete); then the old log
 * goes to {@code <dir>.old-delete} and the compacted one takes its name. {@link #settle} finishes
 * whichever step a crash interrupted.
 */
final class OffsetsCompaction {
    static final long MIN_RECORDS = 1_000;
    private static final int ENTRIES_PER_APPEND = 1_000;

    private OffsetsCompaction() {
    }

    /** What a log holds: its live offsets (in first-commit order) and how many records it took. */
    static final class Contents {
        private final Map<OffsetKey, CommittedOffset> live = new LinkedHashMap<>();
        private final Map<String, GroupSnapshot> groups = new LinkedHashMap<>();
        private long records;

        /** Applies a group membership record: the newest of a group wins. */
        void add(GroupSnapshot snapshot) {
            records++;
            groups.put(snapshot.groupId(), snapshot);
        }

        /** Each group's newest membership record. */
        Map<String, GroupSnapshot> groups() {
            return groups;
        }

        /** Applies one record of the log: a commit, or a removal (null value). */
        void add(OffsetKey key, CommittedOffset value) {
            records++;
            if (value == null) {
                live.remove(key);
            } else {
                live.put(key, value);
            }
        }

        Map<OffsetKey, CommittedOffset> live() {
            return live;
        }

        /** The live offsets committed less than {@code retentionMs} before {@code nowMs}. */
        Map<OffsetKey, CommittedOffset> unexpired(long nowMs, long retentionMs) {
            Map<OffsetKey, CommittedOffset> kept = new LinkedHashMap<>();
            live.forEach((key, value) -> {
                if (nowMs - value.commitTimestampMs() < retentionMs) {
                    kept.put(key, value);
                }
            });
            return kept;
        }

        /** Worth rewriting: some offsets expired, or the log is mostly overwritten commits. */
        boolean worthCompacting(Map<OffsetKey, CommittedOffset> kept) {
            return kept.size() < live.size() || records >= MIN_RECORDS && records > 2L * live.size();
        }

        long records() {
            return records;
        }
    }

    /** Finishes or rolls back a compaction a crash interrupted; call before the log is opened. */
    static void settle(Path dir) throws IOException {
        Path compacting = sibling(dir, ".compacting");
        Path compacted = sibling(dir, ".compacted");
        Path old = sibling(dir, ".old-delete");
        if (Files.exists(compacting)) {
            LogFiles.deleteRecursively(compacting); // incomplete: the old log stands
        }
        if (Files.exists(compacted)) {
            if (Files.exists(dir)) {
                Files.move(dir, old);
            }
            Files.move(compacted, dir);
            Log.syncDirectory(dir.toAbsolutePath().getParent());
        }
        if (Files.exists(old)) {
            LogFiles.deleteRecursively(old);
        }
    }

    /** Reads the whole log into its live offsets. */
    static Contents read(Log log) throws IOException {
        Contents contents = new Contents();
        FetchSlice slice = new FetchSlice();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        for (long offset = log.logStartOffset(); offset < log.logEndOffset(); offset = slice.nextOffset()) {
            log.read(offset, buffer.capacity(), slice);
            if (slice.isEmpty()) {
                break;
            }
            if (buffer.capacity() < slice.length()) {
                buffer = ByteBuffer.allocate(slice.length());
            }
            buffer.clear();
            slice.copyTo(buffer).flip();
            OffsetRecordCodec.forEachRecord(buffer, contents::add);
        }
        return contents;
    }

    /**
     * Writes {@code kept} as the new log in {@code dir} (whose old log the caller has closed) and swaps
     * it in; says what it did.
     */
    static String rewrite(Path dir, Contents contents, Map<OffsetKey, CommittedOffset> kept, LogConfig config,
                          GroupCommitWriter writer, long nowMs, int maxBatchBytes) throws IOException {
        Path compacting = sibling(dir, ".compacting");
        if (Files.exists(compacting)) {
            LogFiles.deleteRecursively(compacting);
        }
        try (Log log = Log.open(compacting, config, writer)) {
            List<OffsetKey> keys = new ArrayList<>();
            List<CommittedOffset> values = new ArrayList<>();
            for (Map.Entry<OffsetKey, CommittedOffset> e : kept.entrySet()) {
                keys.add(e.getKey());
                values.add(e.getValue());
                if (keys.size() == ENTRIES_PER_APPEND) {
                    append(log, keys, values, nowMs, maxBatchBytes);
                }
            }
            append(log, keys, values, nowMs, maxBatchBytes);
        } // the close forces the new log
        Files.move(compacting, sibling(dir, ".compacted"));
        Log.syncDirectory(dir.toAbsolutePath().getParent());
        settle(dir);
        return "compacted the offsets log: " + contents.records() + " records to " + kept.size()
            + " live offsets (" + (contents.live().size() - kept.size()) + " past offsets.retention.minutes dropped)";
    }

    private static void append(Log log, List<OffsetKey> keys, List<CommittedOffset> values, long nowMs, int maxBatchBytes)
            throws IOException {
        if (keys.isEmpty()) {
            return;
        }
        try {
            log.appendAsync(OffsetRecordCodec.batches(keys, values, nowMs, maxBatchBytes)).get();
        } catch (ExecutionException e) {
            throw new IOException("cannot write the compacted offsets log: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while compacting the offsets log", e);
        }
        keys.clear();
        values.clear();
    }

    private static Path sibling(Path dir, String suffix) {
        return dir.resolveSibling(dir.getFileName() + suffix);
    }

}

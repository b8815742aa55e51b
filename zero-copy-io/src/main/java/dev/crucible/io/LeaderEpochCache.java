package dev.crucible.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which leader epoch began at which offset of one log (KIP-101): the answer to "where does epoch E
 * end?" that a follower needs to truncate to the leader's log without trusting its own high
 * watermark, and a consumer needs to detect truncation (KIP-320). Epochs and their start offsets only
 * grow: assigning an entry removes every entry it would make non-monotonic, as Kafka's cache does.
 *
 * <p>Kept in {@code leader-epoch-checkpoint} in the log's directory, in Kafka's text format (a version
 * line {@code 0}, a count line, then {@code epoch startOffset} lines), replaced atomically (temporary
 * file, force, rename, force of the directory) on every change. Not thread-safe: the partition's
 * owner (its writer or replica thread) calls it.
 */
public final class LeaderEpochCache {
    /** Kafka's name of the file. */
    public static final String FILE = "leader-epoch-checkpoint";
    /** An epoch or offset that is not known. */
    public static final long UNDEFINED = -1;
    private static final int VERSION = 0;

    private final Path file;
    private final TreeMap<Integer, Long> epochs = new TreeMap<>();

    /** An epoch's end as {@link #endOffsetFor} answers it: the largest epoch at or below the one asked for, and where it ends. */
    public record EpochEnd(int epoch, long endOffset) {
        public static final EpochEnd UNDEFINED_END = new EpochEnd((int) UNDEFINED, UNDEFINED);
    }

    private LeaderEpochCache(Path file) {
        this.file = file;
    }

    /**
     * Reads the cache of the log in {@code dir} (empty when there is no file yet).
     *
     * @throws IOException naming the file and the line when the file is not a valid checkpoint
     */
    public static LeaderEpochCache open(Path dir) throws IOException {
        LeaderEpochCache cache = new LeaderEpochCache(dir.resolve(FILE));
        if (Files.exists(cache.file)) {
            cache.load();
        }
        return cache;
    }

    /**
     * A cache of the log in {@code dir} holding {@code entries} (epoch to start offset, both growing:
     * what the log's batches say), written at once over whatever file was there, damaged or not.
     */
    static LeaderEpochCache rebuilt(Path dir, SortedMap<Integer, Long> entries) throws IOException {
        LeaderEpochCache cache = new LeaderEpochCache(dir.resolve(FILE));
        for (Map.Entry<Integer, Long> e : entries.entrySet()) {
            Map.Entry<Integer, Long> last = cache.epochs.lastEntry();
            if (e.getKey() < 0 || e.getValue() < 0 || last != null && e.getValue() < last.getValue()) {
                throw new IllegalArgumentException("entries must grow, from 0: " + entries);
            }
            cache.epochs.put(e.getKey(), e.getValue());
        }
        cache.write();
        return cache;
    }

    private void load() throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        try {
            if (lines.size() < 2 || Integer.parseInt(lines.get(0).trim()) != VERSION) {
                throw new IllegalArgumentException("line 1: expected version " + VERSION + " and a count line");
            }
            int count = Integer.parseInt(lines.get(1).trim());
            if (count < 0 || count != lines.size() - 2) {
                throw new IllegalArgumentException("line 2: says " + count + " entries, the file holds " + (lines.size() - 2));
            }
            for (int i = 2; i < lines.size(); i++) {
                String[] parts = lines.get(i).trim().split("\\s+");
                if (parts.length != 2) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": expected 'epoch startOffset', got '" + lines.get(i) + "'");
                }
                int epoch = Integer.parseInt(parts[0]);
                long start = Long.parseLong(parts[1]);
                Map.Entry<Integer, Long> last = epochs.lastEntry();
                if (epoch < 0 || start < 0 || last != null && (epoch <= last.getKey() || start < last.getValue())) {
                    throw new IllegalArgumentException("line " + (i + 1) + ": epoch " + epoch + " at " + start
                        + " does not follow the entries before it (epochs and offsets only grow)");
                }
                epochs.put(epoch, start);
            }
        } catch (IllegalArgumentException e) { // NumberFormatException too
            epochs.clear();
            throw new IOException("corrupt leader-epoch checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Epoch {@code epoch} begins at {@code startOffset} (a leader stamps it at election; a follower
     * learns it from the batches it appends). Entries with an epoch at or above it, or a start at or past
     * it, are removed first so the cache stays monotonic; an epoch already known at that start is left
     * alone. Returns true when the cache changed (and was written).
     */
    public boolean assign(int epoch, long startOffset) throws IOException {
        if (epoch < 0 || startOffset < 0) {
            throw new IllegalArgumentException("epoch and start offset must be >= 0, were " + epoch + " and " + startOffset);
        }
        Map.Entry<Integer, Long> latest = epochs.lastEntry();
        if (latest != null && latest.getKey() == epoch && latest.getValue() <= startOffset) {
            return false;
        }
        epochs.entrySet().removeIf(e -> e.getKey() >= epoch || e.getValue() >= startOffset);
        epochs.put(epoch, startOffset);
        write();
        return true;
    }

    /** The newest epoch, or -1 when none is known. */
    public int latestEpoch() {
        return epochs.isEmpty() ? (int) UNDEFINED : epochs.lastKey();
    }

    /** Where {@code epoch} began, or -1 when it is not in the cache. */
    public long startOffset(int epoch) {
        Long start = epochs.get(epoch);
        return start == null ? UNDEFINED : start;
    }

    /**
     * KIP-101/KIP-279's question, answered as Kafka's leaders answer it: for the current epoch, the log
     * end; for an older one, the largest known epoch at or below it and the start of the next known epoch
     * (where it ended); for one before the first known, that epoch and the first start; for one newer than
     * any known (or -1), undefined.
     */
    public EpochEnd endOffsetFor(int requestedEpoch, long logEndOffset) {
        return endOffsetFor(epochs, requestedEpoch, logEndOffset);
    }

    /** {@link #endOffsetFor(int, long)} over any epoch -> start offset map (a simulation's in-memory cache too). */
    public static EpochEnd endOffsetFor(NavigableMap<Integer, Long> epochs, int requestedEpoch, long logEndOffset) {
        if (requestedEpoch < 0 || epochs.isEmpty()) {
            return EpochEnd.UNDEFINED_END;
        }
        if (requestedEpoch == epochs.lastKey()) {
            return new EpochEnd(requestedEpoch, logEndOffset);
        }
        Map.Entry<Integer, Long> higher = epochs.higherEntry(requestedEpoch);
        if (higher == null) {
            return EpochEnd.UNDEFINED_END;
        }
        Map.Entry<Integer, Long> floor = epochs.floorEntry(requestedEpoch);
        return floor == null ? new EpochEnd(requestedEpoch, higher.getValue()) : new EpochEnd(floor.getKey(), higher.getValue());
    }

    /** The log was truncated to end at {@code endOffset}: epochs that began at or after it are gone. */
    public void truncateFromEnd(long endOffset) throws IOException {
        if (epochs.values().removeIf(start -> start >= endOffset)) {
            write();
        }
    }

    /**
     * The log now starts at {@code startOffset}: epochs that ended before it are gone, and the epoch it
     * falls in starts there.
     */
    public void truncateFromStart(long startOffset) throws IOException {
        Map.Entry<Integer, Long> floor = null;
        for (Map.Entry<Integer, Long> e : epochs.entrySet()) {
            if (e.getValue() <= startOffset) {
                floor = e;
            }
        }
        if (floor == null || floor.getValue() == startOffset && epochs.firstKey().equals(floor.getKey())) {
            return;
        }
        int keep = floor.getKey();
        epochs.headMap(keep, false).clear();
        epochs.put(keep, startOffset);
        write();
    }

    /** The entries, epoch to start offset, in order. */
    public Map<Integer, Long> entries() {
        return Collections.unmodifiableSortedMap(new TreeMap<>(epochs));
    }

    /** The entries as an immutable copy that any thread may read once it is published. */
    NavigableMap<Integer, Long> snapshot() {
        return Collections.unmodifiableNavigableMap(new TreeMap<>(epochs));
    }

    private void write() throws IOException {
        StringBuilder text = new StringBuilder().append(VERSION).append('\n').append(epochs.size()).append('\n');
        for (Map.Entry<Integer, Long> e : epochs.entrySet()) {
            text.append(e.getKey()).append(' ').append(e.getValue()).append('\n');
        }
        Path tmp = file.resolveSibling(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(text.toString());
            while (bytes.hasRemaining()) {
                ch.write(bytes);
            }
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException ignored) { // some file systems cannot force a directory; the rename itself stands
        }
    }
}

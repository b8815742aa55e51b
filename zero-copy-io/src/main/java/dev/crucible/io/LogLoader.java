package dev.crucible.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Opens the segments of a log directory, recovering them as the caller's knowledge of the last stop
 * allows: after a clean stop every segment is trusted; otherwise those past the recovery point (or the
 * active one only, for {@link Log#ACTIVE_ONLY}) are validated batch by batch, a torn tail cut, and
 * forced. A segment cut short (or ending before the next one begins) ends the log: the segments after
 * it are deleted, newest first, so what remains is a prefix of what was written. Leftover
 * {@code *.deleted} files are removed. Then the leader-epoch cache is made to agree with what was
 * recovered ({@link #loadEpochs}).
 */
final class LogLoader {
    private LogLoader() {
    }

    /** The recovered segments, oldest first; one new empty segment for an empty directory. */
    static LogSegment[] load(Path dir, LogConfig config, FileChannelOpener files, long nowMs, boolean cleanShutdown,
                             long recoveryPoint) throws IOException {
        Files.createDirectories(dir);
        List<Long> bases = listSegments(dir);
        BatchHeaderReader reader = new BatchHeaderReader(BatchHeaderReader.RECOVERY_CHUNK);
        List<LogSegment> opened = new ArrayList<>();
        boolean forced = false;
        try {
            for (int i = 0; i < bases.size(); i++) {
                boolean last = i == bases.size() - 1;
                long next = last ? Long.MAX_VALUE : bases.get(i + 1);
                LogSegment.Check check = checkFor(cleanShutdown, recoveryPoint, last, next);
                LogSegment segment = LogSegment.open(dir, bases.get(i), config, files, last, next, nowMs, reader, check);
                opened.add(segment);
                if (check == LogSegment.Check.FULL) {
                    segment.force(); // what recovery kept may sit in the page cache only: the open log claims it durable
                    forced = true;
                }
                if (!last && check == LogSegment.Check.FULL && endsShort(segment, next)) {
                    dropSegmentsAfter(dir, files, bases.subList(i + 1, bases.size()));
                    segment.reopenAsActive(dir);
                    break;
                }
            }
            if (opened.isEmpty()) {
                opened.add(LogSegment.create(dir, 0, config, files, nowMs));
                Log.syncDirectory(dir, files);
            } else if (forced) {
                Log.syncDirectory(dir, files);
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(LogSegment::close);
            throw e;
        }
        return opened.toArray(new LogSegment[0]);
    }

    /**
     * The log's leader-epoch cache, agreeing with the recovered segments: read from its checkpoint, or,
     * when there is none (a log written before the cache existed) or it cannot be read (damaged), rebuilt
     * from the batch headers and written; the batches are the truth, and a bad checkpoint never keeps the
     * log from opening. Then cut to the log's offsets: the epoch the log start falls in begins there, and
     * epochs that begin at or past the log end are dropped (written to the checkpoint before their batches,
     * which a crash then lost, or assigned by a leader that had not written yet).
     */
    static LeaderEpochCache loadEpochs(Path dir, LogSegment[] segments) throws IOException {
        LeaderEpochCache cache = null;
        if (Files.exists(dir.resolve(LeaderEpochCache.FILE))) {
            try {
                cache = LeaderEpochCache.open(dir);
            } catch (IOException damaged) {
                // rebuilt below from the batches, which this never touches
            }
        }
        if (cache == null) {
            cache = LeaderEpochCache.rebuilt(dir, epochsOfBatches(segments));
        }
        cache.truncateFromStart(segments[0].baseOffset);
        cache.truncateFromEnd(segments[segments.length - 1].nextOffset());
        return cache;
    }

    /**
     * Epoch to start offset as the batch headers tell it: each batch whose partition leader epoch is newer
     * than every one before it begins that epoch (what the writer records as it appends).
     */
    static SortedMap<Integer, Long> epochsOfBatches(LogSegment[] segments) throws IOException {
        SortedMap<Integer, Long> epochs = new TreeMap<>();
        BatchHeaderReader reader = new BatchHeaderReader(BatchHeaderReader.HEADERS_ONLY);
        int latest = (int) LeaderEpochCache.UNDEFINED;
        for (LogSegment segment : segments) {
            long size = segment.size();
            long position = 0;
            while (position + RecordBatch.HEADER_SIZE <= size) {
                reader.readHeader(segment.channel(), position, BatchHeaderReader.SHORT_HEADER);
                int total = reader.totalSize();
                if (total < RecordBatch.HEADER_SIZE) {
                    break; // not in a recovered segment; it would stop the scan from advancing
                }
                int epoch = reader.partitionLeaderEpoch();
                if (epoch > latest) {
                    epochs.put(epoch, reader.baseOffset());
                    latest = epoch;
                }
                position += total;
            }
        }
        return epochs;
    }

    /**
     * A validated segment ends the log when validation cut it, or when it stops before the next one
     * begins: a power failure can lose an unforced segment's tail exactly at a batch boundary while a
     * later segment's bytes reached the disk, and keeping that one would leave a gap in the offsets.
     */
    private static boolean endsShort(LogSegment segment, long nextBaseOffset) {
        return segment.truncatedOnOpen() > 0 || segment.nextOffset() < nextBaseOffset;
    }

    /** Trusted after a clean stop; validated in full past the recovery point (and always the active one). */
    private static LogSegment.Check checkFor(boolean cleanShutdown, long recoveryPoint, boolean last, long nextBase) {
        if (cleanShutdown) {
            return LogSegment.Check.TRUSTED;
        }
        boolean pastPoint = recoveryPoint != Log.ACTIVE_ONLY && nextBase > recoveryPoint;
        return last || pastPoint ? LogSegment.Check.FULL : LogSegment.Check.INDEXES;
    }

    /** Deletes the segments after a torn one, newest first, so a crash part way leaves a prefix. */
    private static void dropSegmentsAfter(Path dir, FileChannelOpener files, List<Long> bases) throws IOException {
        for (int i = bases.size() - 1; i >= 0; i--) {
            for (String suffix : new String[] {LogFiles.LOG_SUFFIX, LogFiles.INDEX_SUFFIX, LogFiles.TIME_INDEX_SUFFIX}) {
                Files.deleteIfExists(LogFiles.file(dir, bases.get(i), suffix));
            }
        }
        Log.syncDirectory(dir, files);
    }

    /** Base offsets of the segment files, ascending; removes {@code *.deleted} leftovers on the way. */
    private static List<Long> listSegments(Path dir) throws IOException {
        List<Long> bases = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(LogFiles.DELETED_SUFFIX)) {
                    Files.deleteIfExists(file);
                    continue;
                }
                long base = LogFiles.baseOffsetOf(name, LogFiles.LOG_SUFFIX);
                if (base >= 0) {
                    bases.add(base);
                }
            }
        }
        bases.sort(null);
        return bases;
    }
}

package dev.crucible.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One segment of a partition log: {@code <base>.log} with its {@code .index} and {@code .timeindex}.
 *
 * <p>The log's writer thread is the only one that appends; readers on any thread see bytes up to the
 * volatile {@link #size()}, which the writer publishes after the bytes and their index entries.
 *
 * <p>The files are reference counted: the log holds one reference, every read holds one while it
 * looks at the mapped indexes, and every file region being sent holds one until the network has
 * released it. Closing (or deleting) drops the log's reference; the mappings are released and the
 * channel closed only when the last reference goes, so no reader ever touches unmapped memory.
 */
final class LogSegment {
    final long baseOffset;
    private final LogConfig config;
    private final FileChannel channel;
    private Path logFile;
    private OffsetIndex offsetIndex;
    private TimeIndex timeIndex;
    private volatile int size;
    /** The file channel's position after this segment's last write, or -1 when not known (opened, cut, failed); writer thread. */
    private long channelPosition = -1;
    private volatile long nextOffset;
    private volatile long maxTimestampSoFar = -1;
    private long offsetOfMaxTimestampSoFar;
    private long firstBatchTimestamp = -1;
    private long createdMs;
    private int bytesSinceLastIndexEntry;
    private long truncatedOnOpen;
    private final AtomicInteger refs = new AtomicInteger(1);
    private final java.util.concurrent.atomic.AtomicBoolean retired = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean deleteOnRelease;

    private LogSegment(Path dir, long baseOffset, LogConfig config, FileChannelOpener files, boolean create) throws IOException {
        this.baseOffset = baseOffset;
        this.config = config;
        this.logFile = LogFiles.file(dir, baseOffset, LogFiles.LOG_SUFFIX);
        this.channel = create
            ? files.open(logFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ, StandardOpenOption.WRITE)
            : files.open(logFile, StandardOpenOption.READ, StandardOpenOption.WRITE);
        this.nextOffset = baseOffset;
    }

    /** Creates an empty active segment. */
    static LogSegment create(Path dir, long baseOffset, LogConfig config, FileChannelOpener files, long nowMs)
            throws IOException {
        LogSegment segment = new LogSegment(dir, baseOffset, config, files, true);
        segment.createdMs = nowMs;
        segment.openWritableIndexes(dir);
        return segment;
    }

    /** How an existing segment is opened. */
    enum Check {
        /** After a clean stop: indexes kept (the last entry checked), only the headers after it read. */
        TRUSTED,
        /** Below the recovery point: on disk for sure; indexes fully checked, rebuilt if they fail. */
        INDEXES,
        /** Past the recovery point: every batch validated (CRC32C), a torn tail cut, indexes rebuilt. */
        FULL
    }

    /**
     * Opens an existing segment, checked as {@code check} says; an inactive segment whose indexes are
     * missing or fail their check is validated in full as well. {@link #truncatedOnOpen()} tells how many
     * bytes validation cut.
     *
     * @param nextBaseOffset base offset of the following segment, or {@code Long.MAX_VALUE} for the last
     */
    static LogSegment open(Path dir, long baseOffset, LogConfig config, FileChannelOpener files, boolean active,
                           long nextBaseOffset, long nowMs, BatchHeaderReader reader, Check check) throws IOException {
        LogSegment segment = new LogSegment(dir, baseOffset, config, files, false);
        segment.createdMs = nowMs;
        boolean loaded = check != Check.FULL && segment.loadIndexes(dir, nextBaseOffset, reader,
            active ? MappedIndex.Mode.REOPEN : MappedIndex.Mode.READ_ONLY, check == Check.TRUSTED);
        if (!loaded) {
            segment.openWritableIndexes(dir);
            segment.truncatedOnOpen = segment.recover(reader);
            if (!active) {
                segment.becomeInactive();
            }
        }
        segment.loadFirstBatchTimestamp(reader);
        return segment;
    }

    /** Makes an inactive segment, cut short by validation, the active one again: its indexes writable. */
    void reopenAsActive(Path dir) {
        closeIndexes();
        offsetIndex = new OffsetIndex(LogFiles.file(dir, baseOffset, LogFiles.INDEX_SUFFIX), baseOffset,
            config.maxIndexBytes(), MappedIndex.Mode.REOPEN);
        timeIndex = new TimeIndex(LogFiles.file(dir, baseOffset, LogFiles.TIME_INDEX_SUFFIX), baseOffset,
            config.maxIndexBytes(), MappedIndex.Mode.REOPEN);
    }

    /** Bytes that validation cut off when the segment was opened (a torn or corrupt tail). */
    long truncatedOnOpen() {
        return truncatedOnOpen;
    }

    private void openWritableIndexes(Path dir) {
        offsetIndex = new OffsetIndex(LogFiles.file(dir, baseOffset, LogFiles.INDEX_SUFFIX), baseOffset,
            config.maxIndexBytes(), true);
        timeIndex = new TimeIndex(LogFiles.file(dir, baseOffset, LogFiles.TIME_INDEX_SUFFIX), baseOffset,
            config.maxIndexBytes(), true);
    }

    /**
     * Maps the indexes of a segment as they are; false when they must be rebuilt. Every entry is checked,
     * or after a clean stop ({@code trusted}) the last one only, so that opening does not read indexes
     * whose size grows with the data (a wrong entry can misdirect a read, never crash one: positions past
     * the file read as its end).
     */
    private boolean loadIndexes(Path dir, long nextBaseOffset, BatchHeaderReader reader, MappedIndex.Mode mode,
                                boolean trusted) throws IOException {
        Path index = LogFiles.file(dir, baseOffset, LogFiles.INDEX_SUFFIX);
        Path times = LogFiles.file(dir, baseOffset, LogFiles.TIME_INDEX_SUFFIX);
        if (!Files.exists(index) || !Files.exists(times)) {
            return false;
        }
        long logSize = channel.size();
        try {
            offsetIndex = new OffsetIndex(index, baseOffset, config.maxIndexBytes(), mode);
            timeIndex = new TimeIndex(times, baseOffset, config.maxIndexBytes(), mode);
            offsetIndex.sanityCheck(logSize, nextBaseOffset, trusted ? offsetIndex.entries() - 1 : 0);
            timeIndex.sanityCheck(nextBaseOffset, trusted ? timeIndex.entries() - 1 : 0);
            scanTail(logSize, reader);
            return true;
        } catch (IOException | RuntimeException e) {
            closeIndexes();
            offsetIndex = null;
            timeIndex = null;
            return false;
        }
    }

    /** Reads the headers after the last index entry to learn the end offset and newest timestamp. */
    private void scanTail(long logSize, BatchHeaderReader reader) throws IOException {
        long position = offsetIndex.lookup(Long.MAX_VALUE, Integer.MAX_VALUE);
        long next = baseOffset;
        long maxTs = timeIndex.lastTimestamp();
        offsetOfMaxTimestampSoFar = timeIndex.lastOffset();
        while (position < logSize) {
            reader.readHeader(channel, position, BatchHeaderReader.SHORT_HEADER);
            int total = reader.totalSize();
            if (total < RecordBatch.HEADER_SIZE || position + total > logSize) {
                throw new CorruptIndexException(logFile + ": batch at " + position + " runs past the end");
            }
            next = reader.lastOffset() + 1;
            if (reader.maxTimestamp() > maxTs) {
                maxTs = reader.maxTimestamp();
                offsetOfMaxTimestampSoFar = reader.lastOffset();
            }
            position += total;
            bytesSinceLastIndexEntry += total;
        }
        size = (int) logSize;
        nextOffset = next;
        maxTimestampSoFar = maxTs;
    }

    /**
     * Validates every batch from the start (header, increasing offsets, CRC32C), rebuilding both indexes
     * on the way, and truncates the file at the first defect. Returns the number of bytes truncated.
     */
    long recover(BatchHeaderReader reader) throws IOException {
        offsetIndex.reset();
        timeIndex.reset();
        bytesSinceLastIndexEntry = 0;
        maxTimestampSoFar = -1;
        long fileSize = channel.size();
        long position = 0;
        long expectedMin = baseOffset;
        while (fileSize - position >= RecordBatch.HEADER_SIZE) {
            ByteBuffer header = reader.readHeader(channel, position, RecordBatch.HEADER_SIZE);
            int total;
            try {
                total = RecordBatch.checkHeader(header, 0, fileSize - position, Integer.MAX_VALUE);
            } catch (InvalidBatchException e) {
                break;
            }
            long base = reader.baseOffset();
            long last = reader.lastOffset();
            long maxTs = reader.maxTimestamp();
            int stored = reader.storedCrc();
            if (base < expectedMin || last - baseOffset > Integer.MAX_VALUE || position + total > Integer.MAX_VALUE
                || reader.crcOf(channel, position + RecordBatch.ATTRIBUTES_OFFSET, position + total) != stored) {
                break;
            }
            indexBatch((int) position, total, last, maxTs);
            position += total;
            expectedMin = last + 1;
        }
        long truncated = fileSize - position;
        if (truncated > 0) {
            channelPosition = -1;
            channel.truncate(position);
            channel.force(true);
        }
        size = (int) position;
        nextOffset = expectedMin;
        return truncated;
    }

    private void loadFirstBatchTimestamp(BatchHeaderReader reader) throws IOException {
        if (size > 0) {
            reader.readHeader(channel, 0, BatchHeaderReader.SHORT_HEADER);
            firstBatchTimestamp = reader.maxTimestamp();
        }
    }

    /** Index bookkeeping for one batch about to become visible at {@code position}; Kafka's rule. */
    private void indexBatch(int position, int total, long lastOffset, long maxTimestamp) {
        if (maxTimestamp > maxTimestampSoFar) {
            maxTimestampSoFar = maxTimestamp;
            offsetOfMaxTimestampSoFar = lastOffset;
        }
        // a full index takes no more entries (the sparser index stays correct; the segment rolls before
        // the next group), as one group may hold more batches due an entry than the index has room for
        if (bytesSinceLastIndexEntry > config.indexIntervalBytes() && !offsetIndex.isFull()) {
            offsetIndex.append(lastOffset, position);
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
            bytesSinceLastIndexEntry = 0;
        }
        bytesSinceLastIndexEntry += total;
    }

    /**
     * Writes a prepared group with one gathering write at the end of the file, indexes its batches and
     * publishes the new size. On failure the file is cut back to its previous size.
     */
    void append(PendingWrite write) throws IOException {
        int start = size;
        try {
            if (channelPosition != start) {
                channel.position(start); // a seek (a system call) only when the last write did not end here
            }
            channelPosition = -1;
            long remaining = write.bytes;
            int first = 0;
            ByteBuffer[] buffers = write.buffers;
            while (remaining > 0) {
                remaining -= channel.write(buffers, first, write.bufferCount - first);
                while (first < write.bufferCount && !buffers[first].hasRemaining()) {
                    first++;
                }
            }
        } catch (IOException | RuntimeException e) {
            channel.truncate(start);
            throw e;
        }
        channelPosition = start + write.bytes;
        int position = start;
        for (int i = 0; i < write.batchCount; i++) {
            if (firstBatchTimestamp < 0 && position == 0) {
                firstBatchTimestamp = write.batchMaxTimestamps[i];
            }
            indexBatch(position, write.batchSizes[i], write.batchLastOffsets[i], write.batchMaxTimestamps[i]);
            position += write.batchSizes[i];
        }
        size = position;
        nextOffset = write.batchLastOffsets[write.batchCount - 1] + 1;
    }

    /**
     * Cuts the file before the batch that holds {@code offset} (or before the first batch after it) and
     * rebuilds writable indexes from what remains, so the segment can take appends again as the active
     * one. Returns the number of bytes cut. No read may run on the segment meanwhile: its indexes are
     * unmapped and mapped anew.
     */
    long truncateTo(long offset, BatchHeaderReader reader) throws IOException {
        int before = size;
        int position = positionOfBatchHolding(offset, before, reader);
        closeIndexes();
        channelPosition = -1;
        channel.truncate(position);
        channel.force(true);
        openWritableIndexes(logFile.getParent());
        long damaged = recover(reader); // re-validates what is kept and rebuilds both indexes
        firstBatchTimestamp = -1;
        loadFirstBatchTimestamp(reader);
        return before - position + damaged;
    }

    /**
     * Kafka's roll rule: would the group overflow the file or an index, or is the segment too old? An
     * empty segment rolls only when the group's offsets would not fit its index (earlier appends of the
     * same group, not yet written, can take it there); the caller then writes those first.
     */
    boolean shouldRoll(long groupBytes, long groupLastOffset, long groupMaxTimestamp, long nowMs) {
        if (size == 0) {
            return groupLastOffset - baseOffset > Integer.MAX_VALUE;
        }
        boolean full = size + groupBytes > config.segmentBytes() || offsetIndex.isFull() || timeIndex.isFull()
            || groupLastOffset - baseOffset > Integer.MAX_VALUE;
        long waited = firstBatchTimestamp >= 0 ? groupMaxTimestamp - firstBatchTimestamp : nowMs - createdMs;
        return full || waited > config.segmentMs();
    }

    /** Seals the segment on roll: a final time-index entry, indexes trimmed to size. */
    void becomeInactive() {
        if (maxTimestampSoFar >= 0) {
            timeIndex.maybeAppend(maxTimestampSoFar, offsetOfMaxTimestampSoFar);
        }
        offsetIndex.trim();
        timeIndex.trim();
    }

    void force() throws IOException {
        channel.force(false);
    }

    /**
     * Fills {@code out} with whole batches from the one holding {@code startOffset}, at most
     * {@code maxBytes} of them unless the first alone is larger. False when the segment has no batch
     * at or after {@code startOffset}.
     */
    boolean read(long startOffset, int maxBytes, long maxOffset, FetchSlice out) throws IOException {
        BatchHeaderReader reader = BatchHeaderReader.forThisThread();
        int written = size; // one snapshot: the writer may append while this reads
        int end = maxOffset < nextOffset ? positionOfBatchHolding(maxOffset, written, reader) : written;
        long position = offsetIndex.lookup(startOffset, end);
        long firstBase = -1;
        int firstTotal = 0;
        long firstLast = -1;
        while (position < end) {
            reader.readHeader(channel, position, BatchHeaderReader.SHORT_HEADER);
            if (reader.lastOffset() >= startOffset) {
                firstBase = reader.baseOffset();
                firstTotal = reader.totalSize();
                firstLast = reader.lastOffset();
                break;
            }
            position += reader.totalSize();
        }
        if (firstBase < 0) {
            if (end < written) {
                out.clear(startOffset); // the bound falls in this segment: nothing visible yet
                return true;
            }
            return false;
        }
        long start = position;
        long limit = Math.min(end, start + (long) maxBytes);
        long p = offsetIndex.floorPosition((int) limit, (int) start);
        long next = firstLast + 1;
        while (p < written) {
            reader.readHeader(channel, p, BatchHeaderReader.SHORT_HEADER);
            int total = reader.totalSize();
            if (p + total > limit) { // limit <= end, so this also stops at the offset bound
                next = reader.baseOffset();
                break;
            }
            next = reader.lastOffset() + 1;
            p += total;
        }
        if (p == start) {
            p = start + firstTotal;
            next = firstLast + 1;
        }
        out.set(this, start, (int) (p - start), firstBase, next);
        return true;
    }

    /** Position of the batch whose offsets include {@code offset}, or of the first batch after it. */
    private int positionOfBatchHolding(long offset, int end, BatchHeaderReader reader) throws IOException {
        long position = offsetIndex.lookup(offset, end);
        while (position < end) {
            reader.readHeader(channel, position, BatchHeaderReader.SHORT_HEADER);
            if (reader.lastOffset() >= offset) {
                break;
            }
            position += reader.totalSize();
        }
        return (int) position;
    }

    /**
     * Base offset of the first batch whose max timestamp is at least {@code timestamp}, or -1 when no
     * batch of this segment qualifies.
     */
    long offsetForTimestamp(long timestamp, BatchHeaderReader reader) throws IOException {
        int end = size;
        long from = timeIndex.startOffsetFor(timestamp);
        long position = offsetIndex.lookup(from, end);
        while (position < end) {
            reader.readHeader(channel, position, BatchHeaderReader.SHORT_HEADER);
            if (reader.lastOffset() >= from && reader.maxTimestamp() >= timestamp) {
                return reader.baseOffset();
            }
            position += reader.totalSize();
        }
        return -1;
    }

    int size() {
        return size;
    }

    /** One past the last offset in the segment (the base offset when empty). */
    long nextOffset() {
        return nextOffset;
    }

    long maxTimestamp() {
        return maxTimestampSoFar;
    }

    Path logFile() {
        return logFile;
    }

    FileChannel channel() {
        return channel;
    }

    /** Renames the files to {@code *.deleted}; readers already holding the channel keep working. */
    void markDeleted() throws IOException {
        Path deleted = logFile.resolveSibling(logFile.getFileName() + LogFiles.DELETED_SUFFIX);
        // a segment deleted earlier at the same base offset (then written anew after a truncation) may
        // still wait for its last reader under this name: replace it, its open channel keeps its bytes
        Files.move(logFile, deleted, StandardCopyOption.REPLACE_EXISTING);
        logFile = deleted;
        offsetIndex.renameTo(offsetIndex.file().resolveSibling(offsetIndex.file().getFileName() + LogFiles.DELETED_SUFFIX));
        timeIndex.renameTo(timeIndex.file().resolveSibling(timeIndex.file().getFileName() + LogFiles.DELETED_SUFFIX));
    }

    /**
     * Takes a reference for a reader; false when the segment is already closed (its last reference
     * gone), in which case nothing of it may be read.
     */
    boolean tryRetain() {
        if (retired.get()) {
            return false; // the log dropped its reference: no new reader may start
        }
        for (;;) {
            int n = refs.get();
            if (n <= 0) {
                return false;
            }
            if (refs.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /**
     * Drops a reference; the last one unmaps the indexes, closes the channel and, when the segment was
     * deleted, removes its files. Any thread.
     */
    void release() {
        int n = refs.decrementAndGet();
        if (n == 0) {
            closeNow();
        } else if (n < 0) {
            throw new IllegalStateException("segment " + logFile + " released more often than retained");
        }
    }

    /** Drops the log's reference: no new reader starts; the files close once the current ones are done. */
    void close() {
        if (retired.compareAndSet(false, true)) { // once: the log holds one reference
            release();
        }
    }

    /** Marks the files for removal and drops the log's reference; removed after the last reader. */
    void closeAndDelete() {
        deleteOnRelease = true;
        close();
    }

    private void closeNow() {
        try {
            closeIndexes();
            channel.close();
        } catch (IOException | RuntimeException e) {
            // the descriptor is gone either way; nothing a reader can still reach depends on it
        }
        if (deleteOnRelease) {
            try {
                Files.deleteIfExists(logFile);
                Files.deleteIfExists(offsetIndex.file());
                Files.deleteIfExists(timeIndex.file());
            } catch (IOException e) {
                // renamed to *.deleted before: the next open of the log removes the leftovers
            }
        }
    }

    private void closeIndexes() {
        if (offsetIndex != null) {
            offsetIndex.close();
        }
        if (timeIndex != null) {
            timeIndex.close();
        }
    }
}

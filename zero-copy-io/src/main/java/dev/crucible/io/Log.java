package dev.crucible.io;

import org.agrona.concurrent.EpochClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * A partition's log: a directory of segments in Apache Kafka's layout. Appends go through the
 * {@link GroupCommitWriter} the log is bound to, whose thread is the only one that changes the log;
 * reads ({@link #read}) run on any thread against the segments it has published.
 */
public final class Log implements AutoCloseable {
    private final Path dir;
    private final LogConfig config;
    private final GroupCommitWriter writer;
    private final EpochClock clock;
    private final CRC32C crc = new CRC32C();
    private final ArrayDeque<LogSegment> pendingDeletes = new ArrayDeque<>();
    private final ArrayDeque<Long> pendingDeleteDeadlines = new ArrayDeque<>();
    private volatile LogSegment[] segments;
    private volatile long logStartOffset;
    private volatile long logEndOffset;
    private volatile Throwable failure;
    private volatile boolean closed;
    private volatile long durableEndOffset;
    private volatile long recoveryPoint;
    private volatile long writeCount;
    private volatile long forceCount;
    private volatile LogListener listener;
    private LogSegment active;
    private boolean dirty;
    private long lastFlushMs;

    private Log(Path dir, LogConfig config, GroupCommitWriter writer, LogSegment[] segments) {
        this.dir = dir;
        this.config = config;
        this.writer = writer;
        this.clock = writer.clock();
        publish(segments);
        this.active = segments[segments.length - 1];
        this.logEndOffset = active.nextOffset();
        this.durableEndOffset = logEndOffset;
        this.lastFlushMs = clock.time();
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, recovering it first: the active segment is
     * validated batch by batch and a torn tail truncated; missing or damaged indexes are rebuilt.
     */
    public static Log open(Path dir, LogConfig config, GroupCommitWriter writer) throws IOException {
        return open(dir, config, writer, false);
    }

    /**
     * As {@link #open(Path, LogConfig, GroupCommitWriter)}; with {@code cleanShutdown} (the owner knows
     * the log was closed cleanly: flushed, indexes trimmed) the active segment is not validated again
     * but opened like the others, from its indexes and the headers after the last entry, so opening
     * costs the same whatever the size of the log. Indexes that fail their checks are still rebuilt.
     */
    public static Log open(Path dir, LogConfig config, GroupCommitWriter writer, boolean cleanShutdown) throws IOException {
        return open(dir, config, writer, cleanShutdown, cleanShutdown ? Long.MAX_VALUE : ACTIVE_ONLY);
    }

    /** A recovery point meaning "validate the active segment only" (what an owner without checkpoints gets). */
    public static final long ACTIVE_ONLY = -1;

    /**
     * Opens the log after a stop that was not clean: every segment from the one holding
     * {@code recoveryPoint} on is validated batch by batch (those below it are on disk for sure: see
     * {@link #recoveryPoint()}); 0 validates all of them. A segment cut short by validation ends the log:
     * the segments after it are deleted, so the log stays a prefix of what was written. The validated
     * segments are forced, so the log is on disk up to its end once open.
     */
    public static Log open(Path dir, LogConfig config, GroupCommitWriter writer, boolean cleanShutdown,
                           long recoveryPoint) throws IOException {
        Files.createDirectories(dir);
        long now = writer.clock().time();
        List<Long> bases = listSegments(dir);
        BatchHeaderReader reader = new BatchHeaderReader(BatchHeaderReader.RECOVERY_CHUNK);
        List<LogSegment> opened = new ArrayList<>();
        boolean forced = false;
        try {
            for (int i = 0; i < bases.size(); i++) {
                boolean last = i == bases.size() - 1;
                long next = last ? Long.MAX_VALUE : bases.get(i + 1);
                LogSegment.Check check = cleanShutdown ? LogSegment.Check.TRUSTED
                    : last || (recoveryPoint != ACTIVE_ONLY && next > recoveryPoint) ? LogSegment.Check.FULL
                    : LogSegment.Check.INDEXES;
                LogSegment segment = LogSegment.open(dir, bases.get(i), config, last, next, now, reader, check);
                opened.add(segment);
                if (check == LogSegment.Check.FULL && recoveryPoint != ACTIVE_ONLY) {
                    segment.force();
                    forced = true;
                }
                if (segment.truncatedOnOpen() > 0 && !last) {
                    dropSegmentsAfter(dir, bases.subList(i + 1, bases.size()), config);
                    segment.reopenAsActive(dir);
                    break;
                }
            }
            if (opened.isEmpty()) {
                opened.add(LogSegment.create(dir, 0, config, now));
                syncDirectory(dir);
            } else if (forced) {
                syncDirectory(dir);
            }
        } catch (IOException | RuntimeException e) {
            opened.forEach(LogSegment::close);
            throw e;
        }
        Log log = new Log(dir, config, writer, opened.toArray(new LogSegment[0]));
        log.recoveryPoint = cleanShutdown || recoveryPoint != ACTIVE_ONLY ? log.logEndOffset
            : log.segments[log.segments.length - 1].baseOffset;
        writer.register(log);
        return log;
    }

    /** Deletes the segments after a torn one, newest first, so a crash part way leaves a prefix. */
    private static void dropSegmentsAfter(Path dir, List<Long> bases, LogConfig config) throws IOException {
        for (int i = bases.size() - 1; i >= 0; i--) {
            for (String suffix : new String[] {LogFiles.LOG_SUFFIX, LogFiles.INDEX_SUFFIX, LogFiles.TIME_INDEX_SUFFIX}) {
                Files.deleteIfExists(LogFiles.file(dir, bases.get(i), suffix));
            }
        }
        syncDirectory(dir);
    }

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

    public Path dir() {
        return dir;
    }

    /** Sets who is told of rolls and a clean close; call before the first append. */
    public void listener(LogListener value) {
        this.listener = value;
    }

    public LogConfig config() {
        return config;
    }

    /** First offset still in the log; advances when retention deletes a segment. */
    public long logStartOffset() {
        return logStartOffset;
    }

    /** Offset the next appended record will get (Kafka's log end offset). */
    public long logEndOffset() {
        return logEndOffset;
    }

    /** Bytes in all segments. */
    public long sizeInBytes() {
        long total = 0;
        for (LogSegment segment : segments) {
            total += segment.size();
        }
        return total;
    }

    public int segmentCount() {
        return segments.length;
    }

    /** Base offsets of the segments, oldest first. */
    public long[] segmentBaseOffsets() {
        LogSegment[] current = segments;
        long[] bases = new long[current.length];
        for (int i = 0; i < current.length; i++) {
            bases[i] = current[i].baseOffset;
        }
        return bases;
    }

    /**
     * Queues an append, waiting while the writer's queue is full. The callback tells the outcome.
     * Allocation-free.
     */
    public void append(AppendRequest request) {
        request.log = this;
        writer.submit(request);
    }

    /** Queues an append unless the writer's queue is full; false then, and nothing was queued. */
    public boolean tryAppend(AppendRequest request) {
        request.log = this;
        return writer.trySubmit(request);
    }

    /**
     * Convenience append for callers off the hot path: completes with the request (offsets set) or
     * exceptionally with the reason the batches were refused.
     */
    public CompletableFuture<AppendRequest> appendAsync(ByteBuffer batches) {
        CompletableFuture<AppendRequest> future = new CompletableFuture<>();
        AppendRequest request = new AppendRequest().batches(batches).callback(r -> {
            if (r.succeeded()) {
                future.complete(r);
            } else {
                future.completeExceptionally(r.error());
            }
        });
        append(request);
        return future;
    }

    /**
     * Fills {@code out} with whole batches starting with the one that holds {@code offset}, at most
     * {@code maxBytes} (but always at least one batch, so a consumer makes progress). An offset equal
     * to the log end offset gives an empty slice.
     *
     * @throws OffsetOutOfRangeException when the offset is before the log start or past the end
     */
    public void read(long offset, int maxBytes, FetchSlice out) throws IOException {
        read(offset, maxBytes, Long.MAX_VALUE, out);
    }

    /**
     * As {@link #read(long, int, FetchSlice)}, but only batches that end before {@code maxOffset}
     * (exclusive): a broker passes its high watermark so that consumers never see a record that is not
     * yet acknowledged. An offset at or past the bound (but within the log) gives an empty slice.
     */
    public void read(long offset, int maxBytes, long maxOffset, FetchSlice out) throws IOException {
        for (;;) {
            LogSegment[] current = segments;
            long end = logEndOffset;
            if (offset < current[0].baseOffset || offset > end) {
                requireOpen();
                throw new OffsetOutOfRangeException(offset, logStartOffset, end);
            }
            if (offset >= maxOffset) {
                out.clear(offset);
                return;
            }
            int outcome = readFrom(current, floorSegment(current, offset), offset, maxBytes, maxOffset, out);
            if (outcome != RETRY) {
                if (outcome == NOTHING) {
                    out.clear(offset);
                }
                return;
            }
            requireOpen(); // a segment closed under the read: retention removed it, or the log is closed
        }
    }

    private static final int FOUND = 0;
    private static final int NOTHING = 1;
    private static final int RETRY = 2;

    /** Reads segment by segment from {@code first}, each held by a reference while it is read. */
    private static int readFrom(LogSegment[] current, int first, long offset, int maxBytes, long maxOffset,
                                FetchSlice out) throws IOException {
        for (int i = first; i < current.length; i++) {
            LogSegment segment = current[i];
            if (!segment.tryRetain()) {
                return RETRY;
            }
            try {
                if (segment.read(offset, maxBytes, maxOffset, out)) {
                    return FOUND;
                }
            } finally {
                segment.release();
            }
        }
        return NOTHING;
    }

    private void requireOpen() {
        if (closed) {
            throw new LogClosedException("log " + dir + " is closed");
        }
    }

    /** True once the log was closed (its partition deleted, or the broker stopping). */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Base offset of the first batch holding a record with a timestamp at least {@code timestamp}, or -1
     * when there is none (Kafka then answers with the log end offset).
     */
    public long offsetForTimestamp(long timestamp) throws IOException {
        BatchHeaderReader reader = new BatchHeaderReader(BatchHeaderReader.HEADERS_ONLY);
        for (LogSegment segment : segments) {
            if (segment.maxTimestamp() < timestamp) {
                continue;
            }
            if (!segment.tryRetain()) {
                requireOpen();
                continue; // removed by retention meanwhile: its offsets are gone
            }
            try {
                long offset = segment.offsetForTimestamp(timestamp, reader);
                if (offset >= 0) {
                    return offset;
                }
            } finally {
                segment.release();
            }
        }
        return -1;
    }

    private static int floorSegment(LogSegment[] current, long offset) {
        int lo = 0;
        int hi = current.length - 1;
        int found = 0;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (current[mid].baseOffset <= offset) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    // ---------------------------------------------------------------- writer thread only from here on

    /**
     * Validates, assigns offsets to, and writes this log's share of a group, one gathering write per
     * segment touched. Each request ends with offsets assigned or with its error set; none completes.
     */
    void writeGroup(AppendRequest[] requests, int count, PendingWrite pending) {
        long next = logEndOffset;
        pending.clear();
        for (int i = 0; i < count; i++) {
            AppendRequest request = requests[i];
            Throwable refusal = failure != null ? failure : closed ? new IllegalStateException("log " + dir + " is closed") : null;
            if (refusal != null) {
                request.fail(refusal);
                continue;
            }
            try {
                ByteBuffer buffer = request.batches();
                long lastOffsetDelta = validate(buffer);
                AppendAdmission admission = request.admission();
                if (admission != null && !admission.admit(request, next)) {
                    continue;
                }
                long bytes = buffer.remaining();
                long lastOffset = next + lastOffsetDelta;
                long maxTimestamp = maxTimestampOf(buffer);
                if (active.shouldRoll(pending.bytes + bytes, lastOffset, maxTimestamp, clock.time())) {
                    writePending(pending);
                    if (active.shouldRoll(bytes, lastOffset, maxTimestamp, clock.time())) {
                        roll(next);
                    }
                }
                next = assignOffsets(request, next, pending);
            } catch (InvalidBatchException | AppendRefusedException e) {
                request.fail(e);
            } catch (IOException | RuntimeException e) {
                failure = e;
                request.fail(e);
                next = logEndOffset;
            }
        }
        writePending(pending);
        for (int i = 0; i < count; i++) {
            if (failure != null && requests[i].error() == null) {
                requests[i].fail(failure);
            }
        }
    }

    /** Checks every batch in the buffer; returns the total of (lastOffsetDelta + 1) minus one. */
    private long validate(ByteBuffer buffer) {
        if (buffer == null || !buffer.hasRemaining()) {
            throw new InvalidBatchException("empty append: no record batch in the buffer");
        }
        int at = buffer.position();
        int end = buffer.limit();
        long records = 0;
        while (at < end) {
            int total = RecordBatch.validate(crc, buffer, at, end - at, config.maxBatchBytes());
            records += RecordBatch.lastOffsetDelta(buffer, at) + 1L;
            at += total;
        }
        if (records - 1 > Integer.MAX_VALUE) {
            // no segment could index it: the relative offset of its last batch would overflow the index
            throw new InvalidBatchException("the batches of one append span " + records + " offsets, more than one"
                + " segment can hold (" + (Integer.MAX_VALUE + 1L) + ")");
        }
        return records - 1;
    }

    private static long maxTimestampOf(ByteBuffer buffer) {
        long max = -1;
        for (int at = buffer.position(); at < buffer.limit(); at += RecordBatch.totalSize(buffer, at)) {
            max = Math.max(max, RecordBatch.maxTimestamp(buffer, at));
        }
        return max;
    }

    private long assignOffsets(AppendRequest request, long next, PendingWrite pending) {
        ByteBuffer buffer = request.batches();
        long base = next;
        for (int at = buffer.position(); at < buffer.limit(); ) {
            int total = RecordBatch.totalSize(buffer, at);
            long last = next + RecordBatch.lastOffsetDelta(buffer, at);
            buffer.putLong(at + RecordBatch.BASE_OFFSET_OFFSET, next);
            if (request.leaderEpoch() >= 0) {
                buffer.putInt(at + RecordBatch.PARTITION_LEADER_EPOCH_OFFSET, request.leaderEpoch());
            }
            pending.addBatch(total, last, RecordBatch.maxTimestamp(buffer, at));
            next = last + 1;
            at += total;
        }
        request.assigned(base, next - 1);
        pending.addBuffer(buffer);
        return next;
    }

    private void writePending(PendingWrite pending) {
        if (pending.isEmpty() || failure != null) {
            pending.clear();
            return;
        }
        try {
            active.append(pending);
            logEndOffset = active.nextOffset();
            writeCount++;
            dirty = true;
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            pending.clear();
        }
    }

    private void roll(long baseOffset) throws IOException {
        LogSegment rolled = active;
        if (config.flushPolicy() != FlushPolicy.NEVER) {
            active.force();
        }
        active.becomeInactive();
        LogSegment next = LogSegment.create(dir, baseOffset, config, clock.time());
        if (config.flushPolicy() != FlushPolicy.NEVER) {
            syncDirectory(dir);
        }
        LogSegment[] current = segments;
        LogSegment[] grown = Arrays.copyOf(current, current.length + 1);
        grown[current.length] = next;
        active = next;
        publish(grown);
        if (config.flushPolicy() != FlushPolicy.NEVER) {
            recoveryPoint = Math.max(recoveryPoint, baseOffset);
        } else {
            writer.forceLater(rolled, () -> recoveryPoint = Math.max(recoveryPoint, baseOffset));
        }
        LogListener l = listener;
        if (l != null) {
            l.rolled(this, baseOffset);
        }
    }

    private void publish(LogSegment[] updated) {
        segments = updated;
        logStartOffset = updated[0].baseOffset;
    }

    /** Under {@link FlushPolicy#ALWAYS}, forces the group just written; a failure fails the log. */
    void syncAfterGroup() {
        if (config.flushPolicy() == FlushPolicy.ALWAYS && dirty && failure == null) {
            flushNow();
        }
    }

    /** Periodic work: interval flushes, delayed deletes. */
    void maintain(long nowMs) {
        if (config.flushPolicy() == FlushPolicy.INTERVAL && dirty && nowMs - lastFlushMs >= config.flushIntervalMs()) {
            flushNow();
        }
        while (!pendingDeletes.isEmpty() && nowMs - pendingDeleteDeadlines.peekFirst() >= 0) {
            pendingDeleteDeadlines.pollFirst();
            deleteQuietly(pendingDeletes.pollFirst());
        }
    }

    private void flushNow() {
        try {
            active.force();
            forceCount++;
            durableEndOffset = logEndOffset;
            if (config.flushPolicy() != FlushPolicy.NEVER || recoveryPoint >= active.baseOffset) {
                recoveryPoint = durableEndOffset; // every rolled segment is forced already
            }
            dirty = false;
            lastFlushMs = clock.time();
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    Throwable failure() {
        return failure;
    }

    /** True once an I/O error (or a broken invariant) made the log refuse appends until it is reopened. */
    public boolean failed() {
        return failure != null;
    }

    /**
     * Every segment wholly below this offset is forced to disk: after a crash, an owner that saved it
     * passes it back to {@link #open(Path, LogConfig, GroupCommitWriter, boolean, long)} and only what
     * follows is validated. Advances when a rolled segment has been forced (at once under the
     * {@code always} and {@code interval} policies, by the writer's background flusher under {@code never})
     * and when the active segment is forced.
     */
    public long recoveryPoint() {
        return recoveryPoint;
    }

    /** Offsets below this are forced to disk (written by the writer thread, readable anywhere). */
    public long durableEndOffset() {
        return durableEndOffset;
    }

    /** Gathering writes issued so far; one per group per segment touched. */
    long writeCount() {
        return writeCount;
    }

    /** {@code force} calls so far. */
    long forceCount() {
        return forceCount;
    }

    /**
     * Deletes whole old segments past {@code retention.ms} or {@code retention.bytes}, oldest first, and
     * advances the log start offset. The active segment goes too when all of it is expired: the log
     * rolls an empty one first. Returns the number of segments deleted.
     */
    int enforceRetention(long nowMs) throws IOException {
        int deleted = 0;
        if (config.retentionMs() >= 0) {
            if (active.size() > 0 && active.maxTimestamp() >= 0 && nowMs - active.maxTimestamp() > config.retentionMs()) {
                roll(logEndOffset);
            }
            while (segments[0] != active && segments[0].maxTimestamp() >= 0
                && nowMs - segments[0].maxTimestamp() > config.retentionMs()) {
                deleteOldest(nowMs);
                deleted++;
            }
        }
        if (config.retentionBytes() >= 0) {
            long excess = sizeInBytes() - config.retentionBytes();
            while (segments[0] != active && excess - segments[0].size() >= 0) {
                excess -= segments[0].size();
                deleteOldest(nowMs);
                deleted++;
            }
        }
        return deleted;
    }

    private void deleteOldest(long nowMs) throws IOException {
        LogSegment[] current = segments;
        LogSegment oldest = current[0];
        publish(Arrays.copyOfRange(current, 1, current.length));
        oldest.markDeleted();
        pendingDeletes.addLast(oldest);
        pendingDeleteDeadlines.addLast(nowMs + config.fileDeleteDelayMs());
    }

    private static void deleteQuietly(LogSegment segment) {
        try {
            segment.closeAndDelete();
        } catch (RuntimeException e) {
            // the file is already renamed away; the next open removes *.deleted leftovers
        }
    }

    /**
     * Cuts the log back so that its end offset is at most {@code offset} (Kafka's {@code truncateTo}):
     * segments wholly after it are deleted, newest first, so a crash part way leaves a prefix of the
     * log; the segment holding it is cut before the batch that holds it, its indexes are rebuilt and it
     * becomes the active segment. Batches are never split: when {@code offset} falls inside one, the new
     * end is that batch's base offset. An offset at or past the end changes nothing.
     *
     * <p>Meant for recovery before a log is served: no read may run on it meanwhile (the cut segment's
     * indexes are mapped anew), and a caller keeping state derived from the log (a high watermark,
     * producer state) must derive it again afterwards.
     *
     * @return the new log end offset
     * @throws IllegalArgumentException when {@code offset} is below the log start offset
     * @throws IllegalStateException    when the log is closed or has failed
     */
    public long truncateTo(long offset) throws IOException {
        try {
            return writer.call(() -> truncateOnWriter(offset));
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    private long truncateOnWriter(long offset) throws IOException {
        if (closed || failure != null) {
            throw new IllegalStateException("log " + dir + " is closed or has failed; it cannot be truncated");
        }
        if (offset < logStartOffset) {
            throw new IllegalArgumentException("cannot truncate " + dir + " to " + offset
                + ", below its log start offset " + logStartOffset);
        }
        if (offset >= logEndOffset) {
            return logEndOffset;
        }
        LogSegment[] current = segments;
        int keep = floorSegment(current, offset);
        try {
            for (int i = current.length - 1; i > keep; i--) {
                publish(Arrays.copyOf(current, i));
                current[i].markDeleted(); // renamed now: a reader may hold the files a while longer
                current[i].closeAndDelete();
            }
            current[keep].truncateTo(offset, new BatchHeaderReader(BatchHeaderReader.RECOVERY_CHUNK));
            syncDirectory(dir);
        } catch (IOException | RuntimeException e) {
            failure = e; // a segment may be half cut or without indexes: refuse appends until reopened
            throw e;
        } finally {
            active = segments[segments.length - 1];
            logEndOffset = active.nextOffset();
            durableEndOffset = Math.min(durableEndOffset, logEndOffset);
            recoveryPoint = Math.min(recoveryPoint, logEndOffset);
        }
        return logEndOffset;
    }

    /** Forces outstanding bytes and closes every segment; on the writer thread. */
    void closeOnWriter() {
        if (closed) {
            return;
        }
        closed = true;
        if (failure == null && dirty) {
            flushNow();
        }
        LogListener l = listener;
        if (l != null && failure == null) {
            l.closing(this, logEndOffset);
        }
        for (LogSegment segment : segments) {
            segment.close();
        }
        while (!pendingDeletes.isEmpty()) {
            pendingDeleteDeadlines.pollFirst();
            deleteQuietly(pendingDeletes.pollFirst());
        }
    }

    /** Flushes and closes the log through its writer; appends after this fail. */
    @Override
    public void close() {
        writer.closeLog(this);
    }

    /** Forces a directory's entries (a create, rename or delete in it). */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}

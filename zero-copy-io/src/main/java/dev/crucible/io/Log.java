package dev.crucible.io;

import org.agrona.concurrent.EpochClock;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.SortedMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32C;

/**
 * A partition's log: a directory of segments in Apache Kafka's layout. Appends go through the
 * {@link GroupCommitWriter} the log is bound to, whose thread is the only one that changes the log;
 * reads ({@link #read}) run on any thread against the segments it has published.
 *
 * <p>The parts: {@link LogLoader} opens and recovers the directory, {@link SegmentList} publishes the
 * segments to readers, {@link LogReader} reads them, {@link AppendBatches} validates and stamps what
 * is appended, {@link Durability} tracks what is forced, {@link Retention} deletes old segments,
 * {@link Truncation} cuts the tail and {@link LeaderEpochs} keeps the leader-epoch cache. This class holds
 * the writer thread's state and the public face.
 */
public final class Log implements AutoCloseable {
    /** A recovery point meaning "validate the active segment only" (what an owner without checkpoints gets). */
    public static final long ACTIVE_ONLY = -1;

    private final Path dir;
    private final LogConfig config;
    private final GroupCommitWriter writer;
    private final EpochClock clock;
    private final CRC32C crc = new CRC32C();
    private final SegmentList segments;
    private final LogReader reader;
    private final Durability durability;
    private final Retention retention;
    private final LeaderEpochs epochs;
    private volatile long logEndOffset;
    private volatile Throwable failure;
    private volatile boolean closed;
    private volatile long writeCount;
    private volatile LogListener listener;
    private LogSegment active;

    private Log(Path dir, LogConfig config, GroupCommitWriter writer, LogSegment[] opened, long recoveryPoint,
                LeaderEpochCache epochCache) {
        this.dir = dir;
        this.config = config;
        this.writer = writer;
        this.clock = writer.clock();
        this.segments = new SegmentList(opened);
        this.reader = new LogReader(this, segments);
        this.retention = new Retention(config, segments);
        this.active = segments.last();
        this.logEndOffset = active.nextOffset();
        this.durability = new Durability(config, logEndOffset, recoveryPoint, clock.time());
        this.epochs = new LeaderEpochs(epochCache);
    }

    /**
     * Opens (creating if needed) the log in {@code dir}, recovering it first: the active segment is
     * validated batch by batch and a torn tail truncated; missing or damaged indexes are rebuilt. The
     * leader-epoch checkpoint is read (rebuilt from the batches when missing or damaged) and cut to the
     * recovered log.
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

    /**
     * Opens the log after a stop that was not clean: every segment from the one holding
     * {@code recoveryPoint} on is validated batch by batch (those below it are on disk for sure: see
     * {@link #recoveryPoint()}); 0 validates all of them. A segment cut short by validation ends the log:
     * the segments after it are deleted, so the log stays a prefix of what was written. The validated
     * segments are forced, so the log is on disk up to its end once open.
     */
    public static Log open(Path dir, LogConfig config, GroupCommitWriter writer, boolean cleanShutdown,
                           long recoveryPoint) throws IOException {
        LogSegment[] opened = LogLoader.load(dir, config, writer.files(), writer.clock().time(), cleanShutdown,
            recoveryPoint);
        LeaderEpochCache epochCache;
        try {
            epochCache = LogLoader.loadEpochs(dir, opened);
        } catch (IOException | RuntimeException e) {
            for (LogSegment segment : opened) {
                segment.close();
            }
            throw e;
        }
        LogSegment last = opened[opened.length - 1];
        long point = cleanShutdown || recoveryPoint != ACTIVE_ONLY ? last.nextOffset() : last.baseOffset;
        Log log = new Log(dir, config, writer, opened, point, epochCache);
        writer.register(log);
        return log;
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
        return segments.startOffset();
    }

    /** Offset the next appended record will get (Kafka's log end offset). */
    public long logEndOffset() {
        return logEndOffset;
    }

    /** Bytes in all segments. */
    public long sizeInBytes() {
        return segments.sizeInBytes();
    }

    public int segmentCount() {
        return segments.count();
    }

    /** Base offsets of the segments, oldest first. */
    public long[] segmentBaseOffsets() {
        return segments.baseOffsets();
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
        reader.read(offset, maxBytes, Long.MAX_VALUE, out);
    }

    /**
     * As {@link #read(long, int, FetchSlice)}, but only batches that end before {@code maxOffset}
     * (exclusive): a broker passes its high watermark so that consumers never see a record that is not
     * yet acknowledged. An offset at or past the bound (but within the log) gives an empty slice.
     */
    public void read(long offset, int maxBytes, long maxOffset, FetchSlice out) throws IOException {
        reader.read(offset, maxBytes, maxOffset, out);
    }

    /**
     * Base offset of the first batch holding a record with a timestamp at least {@code timestamp}, or -1
     * when there is none (Kafka then answers with the log end offset).
     */
    public long offsetForTimestamp(long timestamp) throws IOException {
        return reader.offsetForTimestamp(timestamp);
    }

    /**
     * The newest leader epoch of the log (from its batches, or {@link #assignLeaderEpoch}), or -1 when none
     * is known. Any thread.
     */
    public int latestEpoch() {
        return epochs.latestEpoch();
    }

    /**
     * Where {@code epoch} ends in this log, as a leader answers a follower's OffsetsForLeaderEpoch (KIP-101,
     * KIP-279; see {@link LeaderEpochCache#endOffsetFor}): the latest epoch ends at the log end offset, an
     * older one where the next known epoch begins. Any thread.
     */
    public LeaderEpochCache.EpochEnd endOffsetFor(int epoch) {
        long end = logEndOffset; // read first: the writer publishes an epoch before the bytes that move the end past its start
        return epochs.endOffsetFor(epoch, end);
    }

    /** The leader-epoch cache's entries, epoch to start offset, oldest first: an immutable snapshot. Any thread. */
    public SortedMap<Integer, Long> epochEntries() {
        return epochs.entries();
    }

    /**
     * Begins leader epoch {@code epoch} at the log end offset, on the writer thread between two groups:
     * what a replica that becomes leader does before it serves (Kafka's {@code makeLeader}), so that its
     * answers to followers know the epoch even before the first batch of it is appended. Nothing changes
     * when {@code epoch} is already the latest. Returns the offset where the epoch begins.
     *
     * @throws IllegalArgumentException when {@code epoch} is negative or older than the latest epoch
     * @throws IllegalStateException    when the log is closed or has failed
     * @throws IOException              when the checkpoint could not be written; the log then refuses appends
     */
    public long assignLeaderEpoch(int epoch) throws IOException {
        return onWriter(() -> assignOnWriter(epoch));
    }

    private long assignOnWriter(int epoch) throws IOException {
        if (closed || failure != null) {
            throw new IllegalStateException("log " + dir + " is closed or has failed; it cannot begin leader epoch " + epoch);
        }
        int latest = epochs.writerLatest();
        if (epoch < 0 || epoch < latest) {
            throw new IllegalArgumentException("cannot begin leader epoch " + epoch + " in " + dir + ": the latest epoch is " + latest);
        }
        if (epoch == latest) {
            return epochs.entries().get(epoch);
        }
        try {
            epochs.assign(epoch, logEndOffset);
        } catch (IOException | RuntimeException e) {
            failure = e; // the cache and its checkpoint may disagree: refuse appends until reopened
            throw e;
        }
        return logEndOffset;
    }

    void requireOpen() {
        if (closed) {
            throw new LogClosedException("log " + dir + " is closed");
        }
    }

    /** True once the log was closed (its partition deleted, or the broker stopping). */
    public boolean isClosed() {
        return closed;
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
        return durability.recoveryPoint();
    }

    /** Offsets below this are forced to disk (written by the writer thread, readable anywhere). */
    public long durableEndOffset() {
        return durability.durableEndOffset();
    }

    /** Gathering writes issued so far; one per group per segment touched. */
    long writeCount() {
        return writeCount;
    }

    /** {@code force} calls so far. */
    long forceCount() {
        return durability.forceCount();
    }

    Throwable failure() {
        return failure;
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
                next = add(request, next, pending);
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

    /** Adds one request to the pending write at {@code next}, rolling first when it would not fit; returns the new next. */
    private long add(AppendRequest request, long next, PendingWrite pending) throws IOException {
        ByteBuffer buffer = request.batches();
        long lastOffsetDelta = AppendBatches.validate(crc, buffer, config.maxBatchBytes(), request.crcChecked());
        if (request.asFollower()) {
            AppendBatches.checkFollowerOffsets(buffer, next);
        }
        AppendAdmission admission = request.admission();
        if (admission != null && !admission.admit(request, next)) {
            return next;
        }
        long bytes = buffer.remaining();
        long lastOffset = next + lastOffsetDelta;
        long maxTimestamp = AppendBatches.maxTimestampOf(buffer);
        if (active.shouldRoll(pending.bytes + bytes, lastOffset, maxTimestamp, clock.time())) {
            writePending(pending);
            if (active.shouldRoll(bytes, lastOffset, maxTimestamp, clock.time())) {
                roll(next);
            }
        }
        return request.asFollower() ? AppendBatches.takeAsFollower(request, pending)
            : AppendBatches.assignOffsets(request, next, pending);
    }

    /**
     * Writes the pending group at the log end: first the epochs its batches begin (the checkpoint is
     * written before the bytes, so a crash never leaves batches of an epoch it does not know), then the bytes.
     */
    private void writePending(PendingWrite pending) {
        if (pending.isEmpty() || failure != null) {
            pending.clear();
            return;
        }
        try {
            epochs.beforeWrite(pending, logEndOffset);
            active.append(pending);
            logEndOffset = active.nextOffset();
            writeCount++;
            durability.written();
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            pending.clear();
        }
    }

    /**
     * Seals the active segment and starts a new one at {@code baseOffset}. Under {@code always} and
     * {@code interval} the sealed segment is forced first; under {@code never} the writer's background
     * flusher forces it, and the recovery point moves past it only then.
     */
    private void roll(long baseOffset) throws IOException {
        LogSegment rolled = active;
        if (durability.forceOnRoll()) {
            active.force();
        }
        active.becomeInactive();
        LogSegment next = LogSegment.create(dir, baseOffset, config, writer.files(), clock.time());
        if (durability.forceOnRoll()) {
            syncDirectory(dir, writer.files());
        }
        active = next;
        segments.add(next);
        if (durability.forceOnRoll()) {
            durability.rolledSegmentsForced(baseOffset);
        } else {
            long truncations = durability.truncations();
            writer.forceLater(rolled, () -> durability.rolledSegmentsForcedInBackground(baseOffset, truncations));
        }
        LogListener l = listener;
        if (l != null) {
            l.rolled(this, baseOffset);
        }
    }

    /** Under {@link FlushPolicy#ALWAYS}, forces the group just written; a failure fails the log. */
    /** Whether {@link #syncAfterGroup()} has a force to do (policy always, bytes written since the last force). */
    boolean forcePending() {
        return durability.forceAfterGroup() && failure == null;
    }

    void syncAfterGroup() {
        if (durability.forceAfterGroup() && failure == null) {
            flushNow();
        }
    }

    /** Periodic work: interval flushes, delayed deletes. */
    void maintain(long nowMs) {
        if (durability.forceDue(nowMs)) {
            flushNow();
        }
        retention.closeDue(nowMs);
    }

    private void flushNow() {
        try {
            active.force();
            durability.activeForced(logEndOffset, active.baseOffset, clock.time());
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    /**
     * Deletes whole old segments past {@code retention.ms} or {@code retention.bytes}, oldest first, and
     * advances the log start offset. The active segment goes too when all of it is expired: the log
     * rolls an empty one first. Returns the number of segments deleted.
     */
    int enforceRetention(long nowMs) throws IOException {
        if (retention.activeExpired(active, nowMs)) {
            roll(logEndOffset);
        }
        int deleted = retention.deleteExpired(nowMs);
        if (deleted > 0) {
            epochs.truncateFromStart(logStartOffset());
        }
        return deleted;
    }

    /**
     * Cuts the log back so that its end offset is at most {@code offset} (Kafka's {@code truncateTo}):
     * segments wholly after it are deleted, newest first, so a crash part way leaves a prefix of the
     * log; the segment holding it is cut before the batch that holds it, its indexes are rebuilt and it
     * becomes the active segment. Batches are never split: when {@code offset} falls inside one, the new
     * end is that batch's base offset. Leader epochs that began at or past the new end are forgotten. An
     * offset at or past the end changes nothing.
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
        return onWriter(() -> truncateOnWriter(offset));
    }

    /** Runs {@code work} on the writer thread; its own exceptions come out as they were thrown. */
    private <T> T onWriter(Callable<T> work) throws IOException {
        try {
            return writer.call(work);
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
        if (offset < logStartOffset()) {
            throw new IllegalArgumentException("cannot truncate " + dir + " to " + offset
                + ", below its log start offset " + logStartOffset());
        }
        if (offset >= logEndOffset) {
            // no record goes, but an epoch this broker began as leader without appending to it starts at the
            // end: a follower keeping it would send it as its last fetched epoch and be told it diverges forever
            cutEpochsFrom(logEndOffset);
            return logEndOffset;
        }
        try {
            Truncation.cut(dir, writer.files(), segments, offset);
        } catch (IOException | RuntimeException e) {
            failure = e; // a segment may be half cut or without indexes: refuse appends until reopened
            throw e;
        } finally {
            active = segments.last();
            logEndOffset = active.nextOffset();
            durability.truncated(logEndOffset);
        }
        cutEpochsFrom(logEndOffset);
        return logEndOffset;
    }

    private void cutEpochsFrom(long end) throws IOException {
        try {
            epochs.truncateFromEnd(end);
        } catch (IOException | RuntimeException e) {
            failure = e; // the checkpoint may name epochs past the end (reopening drops them): refuse appends until then
            throw e;
        }
    }

    /** Forces outstanding bytes and closes every segment; on the writer thread. */
    void closeOnWriter() {
        if (closed) {
            return;
        }
        closed = true;
        if (failure == null && durability.dirty()) {
            flushNow();
        }
        LogListener l = listener;
        if (l != null && failure == null) {
            l.closing(this, logEndOffset);
        }
        for (LogSegment segment : segments.snapshot()) {
            segment.close();
        }
        retention.closeAll();
    }

    /** Flushes and closes the log through its writer; appends after this fail. */
    @Override
    public void close() {
        writer.closeLog(this);
    }

    /** Forces a directory's entries (a create, rename or delete in it). */
    public static void syncDirectory(Path dir) throws IOException {
        syncDirectory(dir, FileChannelOpener.DEFAULT);
    }

    /** As {@link #syncDirectory(Path)}, the directory opened through {@code files} (a simulated disk's). */
    static void syncDirectory(Path dir, FileChannelOpener files) throws IOException {
        try (FileChannel channel = files.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}

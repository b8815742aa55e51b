package dev.crucible.io;

import java.nio.ByteBuffer;

/**
 * One append: a buffer holding one or more complete v2 record batches between its position and limit,
 * and a callback. Reusable, so a steady stream of appends allocates nothing: after the callback ran,
 * the caller may {@link #reset()} it and submit it again.
 *
 * <p>The writer rewrites each batch's base offset (and, when {@link #leaderEpoch(int)} is set, its
 * partition leader epoch), both outside the CRC, in place in the caller's buffer; a follower's append
 * ({@link #asFollower(boolean)}) is written as it is. Until the callback runs the buffer belongs to the
 * writer.
 */
public final class AppendRequest {
    private ByteBuffer batches;
    private int leaderEpoch = -1;
    private boolean crcChecked;
    private boolean asFollower;
    private AppendCallback callback;
    private AppendAdmission admission;
    private Object attachment;
    Log log;
    private long baseOffset = -1;
    private long lastOffset = -1;
    private Throwable error;

    public AppendRequest batches(ByteBuffer batches) {
        this.batches = batches;
        return this;
    }

    public ByteBuffer batches() {
        return batches;
    }

    /** Leader epoch to stamp on every batch; -1 (the default) leaves the producer's value. */
    public AppendRequest leaderEpoch(int leaderEpoch) {
        this.leaderEpoch = leaderEpoch;
        return this;
    }

    public int leaderEpoch() {
        return leaderEpoch;
    }

    /**
     * The caller has already checked every batch whole, CRC32C included (a broker does, as part of the
     * one pass it makes over a produced batch): the writer then checks only the fixed headers, so the
     * bytes are not read a second time. Default false: the writer checks everything.
     */
    public AppendRequest crcChecked(boolean checked) {
        this.crcChecked = checked;
        return this;
    }

    public boolean crcChecked() {
        return crcChecked;
    }

    /**
     * The batches come from the partition's leader, which already gave them their offsets and partition
     * leader epochs: the writer keeps both as they are (the log holds the leader's bytes) and checks, besides
     * the batches themselves, that the first batch begins at the log end offset and each next one right
     * after the one before it. A gap or an overlap refuses the request with an {@link InvalidBatchException}
     * naming the offsets; nothing of it is written. {@link #leaderEpoch(int)} is not applied. Default false.
     */
    public AppendRequest asFollower(boolean follower) {
        this.asFollower = follower;
        return this;
    }

    public boolean asFollower() {
        return asFollower;
    }

    public AppendRequest callback(AppendCallback callback) {
        this.callback = callback;
        return this;
    }

    /** Asked on the writer thread, just before offsets are assigned, whether to write; see {@link AppendAdmission}. */
    public AppendRequest admission(AppendAdmission admission) {
        this.admission = admission;
        return this;
    }

    public AppendAdmission admission() {
        return admission;
    }

    /**
     * From an {@link AppendAdmission} only: these batches are already in the log at these offsets, so
     * the request succeeds with them and nothing is written.
     */
    public void alreadyStored(long base, long last) {
        if (base < 0 || last < base) {
            throw new IllegalArgumentException("bad stored offsets " + base + ".." + last);
        }
        assigned(base, last);
    }

    /** Any object of the caller's (a pooled buffer to release, a pending response). */
    public AppendRequest attachment(Object attachment) {
        this.attachment = attachment;
        return this;
    }

    public Object attachment() {
        return attachment;
    }

    /** Offset assigned to the first record of the first batch (a follower's: the leader's); -1 until done or when failed. */
    public long baseOffset() {
        return baseOffset;
    }

    /** Offset of the last record of the last batch; -1 until done or when failed. */
    public long lastOffset() {
        return lastOffset;
    }

    /** Why the append failed, or null when it succeeded. */
    public Throwable error() {
        return error;
    }

    public boolean succeeded() {
        return error == null && baseOffset >= 0;
    }

    /** Clears results and settings so the request can carry another append. */
    public AppendRequest reset() {
        batches = null;
        leaderEpoch = -1;
        crcChecked = false;
        asFollower = false;
        callback = null;
        admission = null;
        attachment = null;
        log = null;
        baseOffset = -1;
        lastOffset = -1;
        error = null;
        return this;
    }

    void assigned(long base, long last) {
        this.baseOffset = base;
        this.lastOffset = last;
        this.error = null;
    }

    void fail(Throwable cause) {
        this.baseOffset = -1;
        this.lastOffset = -1;
        this.error = cause;
    }

    void complete() {
        AppendCallback cb = callback;
        if (cb != null) {
            cb.onComplete(this);
        }
    }
}

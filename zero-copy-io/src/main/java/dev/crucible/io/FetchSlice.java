package dev.crucible.io;

import io.netty.channel.FileRegion;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * The answer to a read: a run of whole batches in one segment file, as (channel, position, length),
 * ready to be sent with {@code sendfile}. The slice does not keep the segment open: a segment closed
 * after the read makes {@link #copyTo} fail with an I/O error and {@link #toFileRegion} with
 * {@link LogClosedException}, never a read of freed memory. Reusable and owned by one reading thread, which keeps reads
 * free of garbage; {@link #toFileRegion()} makes the Netty object for one send.
 */
public final class FetchSlice {
    private FileChannel channel;
    private LogSegment segment;
    private long position;
    private int length;
    private long firstOffset = -1;
    private long nextOffset = -1;

    void set(LogSegment segment, long position, int length, long firstOffset, long nextOffset) {
        this.segment = segment;
        this.channel = segment == null ? null : segment.channel();
        this.position = position;
        this.length = length;
        this.firstOffset = firstOffset;
        this.nextOffset = nextOffset;
    }

    /** Empties the slice, for reuse. */
    public void clear() {
        clear(-1);
    }

    void clear(long nextOffset) {
        set(null, 0, 0, -1, nextOffset);
    }

    public boolean isEmpty() {
        return length == 0;
    }

    /** The segment file's channel, shared: never close it. Null when empty. */
    public FileChannel channel() {
        return channel;
    }

    public long position() {
        return position;
    }

    public int length() {
        return length;
    }

    /** Base offset of the first batch in the slice; -1 when empty. */
    public long firstOffset() {
        return firstOffset;
    }

    /**
     * The offset to read next: one past the slice's last batch, or, for an empty slice, the offset the
     * read asked for (or the log start offset when the asked one has been deleted).
     */
    public long nextOffset() {
        return nextOffset;
    }

    /** Sends the whole slice to {@code target} with {@code FileChannel.transferTo} (sendfile for sockets). */
    public long transferTo(WritableByteChannel target) throws IOException {
        long done = 0;
        while (done < length) {
            long n = channel.transferTo(position + done, length - done, target);
            if (n <= 0 && !target.isOpen()) {
                throw new IOException("target closed after " + done + " of " + length + " bytes");
            }
            done += n;
        }
        return done;
    }

    /** Copies the slice into {@code dst} (which must have room); for tests and non-socket consumers. */
    public ByteBuffer copyTo(ByteBuffer dst) throws IOException {
        if (dst.remaining() < length) {
            throw new IllegalArgumentException("need " + length + " bytes, buffer has " + dst.remaining());
        }
        int start = dst.position();
        int limit = dst.limit();
        dst.limit(start + length);
        try {
            while (dst.hasRemaining()) {
                if (channel.read(dst, position + dst.position() - start) < 0) {
                    throw new IOException("segment shorter than the slice");
                }
            }
        } finally {
            dst.limit(limit);
        }
        return dst;
    }

    /**
     * A Netty region for one send of this slice. It holds the segment open until Netty releases it, so
     * the send completes even when retention or a topic deletion removes the segment meanwhile.
     *
     * @throws LogClosedException when the segment was closed after the read that filled this slice
     */
    public FileRegion toFileRegion() {
        LogSegment owner = segment;
        if (owner == null || !owner.tryRetain()) {
            throw new LogClosedException("the segment of this slice is closed");
        }
        return new SharedFileRegion(channel, position, length, owner::release);
    }
}

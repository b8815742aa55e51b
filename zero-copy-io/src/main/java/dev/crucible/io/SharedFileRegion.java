package dev.crucible.io;

import io.netty.channel.DefaultFileRegion;

import java.nio.channels.FileChannel;

/**
 * A Netty file region over a segment's shared channel. Netty sends a {@link DefaultFileRegion} with
 * {@code sendfile} on every transport (NIO through {@code FileChannel.transferTo}, epoll natively), but
 * closes its channel when released; this subclass leaves the channel open, because every fetch of a
 * segment shares the one channel the log owns.
 */
public final class SharedFileRegion extends DefaultFileRegion {
    public SharedFileRegion(FileChannel channel, long position, long count) {
        super(channel, position, count);
    }

    /** Releases the region, not the file: the segment closes its channel itself. */
    @Override
    protected void deallocate() {
        // intentionally empty: the channel belongs to the segment
    }
}

package dev.crucible.io;

import io.netty.channel.DefaultFileRegion;

import java.nio.channels.FileChannel;

/**
 * A Netty file region over a segment's shared channel. Netty sends a {@link DefaultFileRegion} with
 * {@code sendfile} on every transport (NIO through {@code FileChannel.transferTo}, epoll natively), but
 * closes its channel when released; this subclass leaves the channel open, because every fetch of a
 * segment shares the one channel the log owns, and instead drops the segment reference it was made
 * with (see {@link FetchSlice#toFileRegion()}).
 */
final class SharedFileRegion extends DefaultFileRegion {
    private final Runnable onRelease;

    SharedFileRegion(FileChannel channel, long position, long count, Runnable onRelease) {
        super(channel, position, count);
        this.onRelease = onRelease;
    }

    /** Releases the region, not the file: the segment closes its channel once its last holder is gone. */
    @Override
    protected void deallocate() {
        onRelease.run();
    }
}

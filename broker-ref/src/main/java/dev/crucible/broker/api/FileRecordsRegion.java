package dev.crucible.broker.api;

import io.netty.channel.FileRegion;

/**
 * The records of one fetched partition as a slice of a segment file, carried in a {@link FetchResponse}:
 * the protocol layer's encoder counts its bytes and the response writer sends them with {@code sendfile}
 * instead of copying them.
 *
 * <p>Owns one reference of its region until the response is written; {@link #release()} frees it when
 * a response is dropped instead.
 */
public final class FileRecordsRegion {
    private final FileRegion region;
    private final int sizeInBytes;
    private boolean handedOver;

    public FileRecordsRegion(FileRegion region) {
        this.region = region;
        this.sizeInBytes = Math.toIntExact(region.count());
    }

    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** The region, for one send; afterwards the channel owns the reference. */
    public FileRegion handOver() {
        if (handedOver) {
            throw new IllegalStateException("records region already sent");
        }
        handedOver = true;
        return region;
    }

    /** Frees the region if it was never sent. */
    public void release() {
        if (!handedOver) {
            handedOver = true;
            region.release();
        }
    }
}

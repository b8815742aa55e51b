package dev.crucible.broker.protocol;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.FileRegion;
import io.netty.util.ReferenceCountUtil;

/**
 * One response frame being written: a pooled buffer for everything but the records, and the records'
 * file regions remembered at the place in the frame where they belong. {@link #finish} sends buffer
 * slice, region, buffer slice, ... in order, so the records go by sendfile and never through the heap
 * or the buffer.
 */
final class FrameWriter {
    private final ByteBuf buf;
    private final FileRegion[] regions;
    private final int[] cuts;
    private int count;

    /** A writer for a frame of at most {@code maxRegions} file regions. */
    FrameWriter(ByteBuf buf, int maxRegions) {
        this.buf = buf;
        this.regions = new FileRegion[maxRegions];
        this.cuts = new int[maxRegions];
    }

    /** The buffer the codec writes into. */
    ByteBuf buffer() {
        return buf;
    }

    /** A region of {@code size} bytes goes here, after what the buffer holds so far; this writer now owns it. */
    void region(FileRegion region, int size) {
        if (region.count() != size) {
            ReferenceCountUtil.release(region);
            throw new IllegalStateException("a records region of " + region.count() + " bytes announced as " + size);
        }
        if (count == regions.length) {
            ReferenceCountUtil.release(region);
            throw new IllegalStateException("more records regions than the " + regions.length + " announced");
        }
        cuts[count] = buf.writerIndex();
        regions[count++] = region;
    }

    /** Writes the frame to the channel (without flushing). */
    void finish(Channel channel) {
        int from = 0;
        for (int i = 0; i < count; i++) {
            int cut = cuts[i];
            if (cut > from) {
                channel.write(buf.retainedSlice(from, cut - from), channel.voidPromise());
            }
            channel.write(regions[i], channel.voidPromise());
            from = cut;
        }
        if (buf.writerIndex() > from) {
            channel.write(buf.retainedSlice(from, buf.writerIndex() - from), channel.voidPromise());
        }
        buf.release();
    }

    /** Frees the buffer and the regions taken so far: the frame will not be sent. */
    void abandon() {
        for (int i = 0; i < count; i++) {
            ReferenceCountUtil.release(regions[i]);
        }
        count = 0;
        buf.release();
    }
}

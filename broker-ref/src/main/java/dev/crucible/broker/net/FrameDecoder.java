package dev.crucible.broker.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;

import java.util.List;

/**
 * Cuts the byte stream into Kafka request frames: a 4-byte big-endian size, then that many bytes.
 *
 * <p>The size is checked the moment its four bytes arrive, before anything is allocated for the frame:
 * a size below the smallest possible request header or above {@code socket.request.max.bytes} closes
 * the connection (Kafka does the same). Each frame goes on as a retained slice of the cumulation
 * buffer, so the request body (and the record batches in a produce) are never copied.
 */
public final class FrameDecoder extends ByteToMessageDecoder {
    /** api key (2) + api version (2) + correlation id (4) + client id length (2). */
    static final int MIN_FRAME_BYTES = 10;
    private final int maxFrameBytes;

    public FrameDecoder(int maxFrameBytes) {
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (in.readableBytes() >= 4) {
            int size = in.getInt(in.readerIndex());
            if (size < MIN_FRAME_BYTES || size > maxFrameBytes) {
                in.skipBytes(in.readableBytes());
                throw new FrameTooLargeException(size, maxFrameBytes);
            }
            if (in.readableBytes() < 4 + size) {
                return;
            }
            in.skipBytes(4);
            out.add(in.readRetainedSlice(size));
        }
    }

    /** A frame size outside the allowed range; the connection is closed. */
    public static final class FrameTooLargeException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FrameTooLargeException(int size, int max) {
            super("request frame of " + size + " bytes refused (allowed " + MIN_FRAME_BYTES + ".." + max
                + ", socket.request.max.bytes)", null, false, false);
        }
    }
}

package dev.crucible.broker.protocol;

import dev.crucible.broker.api.FetchResponse;
import dev.crucible.broker.api.ProduceResponse;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.ByteBufferAccessor;

/**
 * Encodes one response frame — size, response header, body — into a pooled direct buffer: Produce and
 * Fetch bodies by hand ({@link ProduceCodec}, {@link FetchCodec}), a fetch's records as their file regions
 * (sendfile) where they belong in the frame ({@link FrameWriter}); every other API with kafka-clients'
 * serializer.
 *
 * <pre>
 * | size int32 | correlation id int32 | [tagged fields, header v1] | body |
 * </pre>
 */
public final class ResponseWriter {
    private ResponseWriter() {
    }

    /**
     * Writes (without flushing) one response; returns the frame size on the wire, the size prefix included.
     * The body is kafka-clients' message, a {@link FetchResponse} (its regions then belong to the channel),
     * or a pooled {@link ProduceResponse}, which goes back to its pool once written.
     */
    public static int write(Channel channel, int correlationId, short headerVersion, Object body, short version) {
        if (body instanceof ProduceResponse produce) {
            int written = writeProduce(channel, correlationId, headerVersion, produce, version);
            produce.recycle(); // not when encoding failed: the caller discards it then
            return written;
        }
        if (body instanceof FetchResponse fetch) {
            return writeFetch(channel, correlationId, headerVersion, fetch, version);
        }
        return writeMessage(channel, correlationId, headerVersion, (ApiMessage) body, version);
    }

    private static int writeProduce(Channel channel, int correlationId, short headerVersion, ProduceResponse body, short version) {
        int frameBytes = headerBytes(headerVersion) + ProduceCodec.size(body, version);
        ByteBuf buf = channel.alloc().directBuffer(4 + frameBytes, 4 + frameBytes);
        try {
            writeHeader(buf, frameBytes, correlationId, headerVersion);
            ProduceCodec.write(body, version, buf);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        channel.write(buf, channel.voidPromise());
        return 4 + frameBytes;
    }

    private static int writeFetch(Channel channel, int correlationId, short headerVersion, FetchResponse body, short version) {
        int frameBytes = headerBytes(headerVersion) + FetchCodec.size(body, version);
        // the records go as file regions and take no room: a 6 MiB fetch needs ~1 KiB of buffer, not a fresh zeroed 6 MiB
        int bufferBytes = 4 + frameBytes - FetchCodec.regionBytes(body);
        FrameWriter out = new FrameWriter(channel.alloc().directBuffer(bufferBytes, bufferBytes), FetchCodec.regionCount(body));
        try {
            writeHeader(out.buffer(), frameBytes, correlationId, headerVersion);
            FetchCodec.write(body, version, out);
        } catch (RuntimeException e) {
            out.abandon();
            throw e;
        }
        out.finish(channel);
        return 4 + frameBytes;
    }

    /** A response header's bytes: the correlation id, and from header v1 an empty tagged-field section. */
    private static int headerBytes(short headerVersion) {
        return 4 + (headerVersion >= 1 ? 1 : 0);
    }

    /** The frame's size prefix and the response header. */
    private static void writeHeader(ByteBuf buf, int frameBytes, int correlationId, short headerVersion) {
        buf.writeInt(frameBytes).writeInt(correlationId);
        if (headerVersion >= 1) {
            buf.writeByte(0); // no tagged fields
        }
    }

    /** Any other API: kafka-clients' generated message and serializer, into one pooled buffer. */
    private static int writeMessage(Channel channel, int correlationId, short headerVersion, ApiMessage body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        int frameBytes = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuf buf = channel.alloc().directBuffer(4 + frameBytes, 4 + frameBytes);
        try {
            ByteBufferAccessor out = new ByteBufferAccessor(buf.nioBuffer(0, 4 + frameBytes));
            out.writeInt(frameBytes);
            header.write(out, cache, headerVersion);
            body.write(out, cache, version);
            buf.writerIndex(4 + frameBytes);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        channel.write(buf, channel.voidPromise());
        return 4 + frameBytes;
    }
}

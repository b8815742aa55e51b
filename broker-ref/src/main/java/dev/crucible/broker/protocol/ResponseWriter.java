package dev.crucible.broker.protocol;

import dev.crucible.broker.api.FileRecordsRegion;
import dev.crucible.broker.api.ProduceResponse;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.internal.BaseRecords;

import java.util.ArrayList;
import java.util.List;

/**
 * Encodes one response frame — size, response header, body — into a pooled direct buffer, except that
 * the records of a {@link FileRecordsRegion} go out as their file region (sendfile): the frame is
 * written as buffer slice, region, buffer slice, ... in order.
 *
 * <pre>
 * | size int32 | correlation id int32 | [tagged fields, header v1] | body (kafka-clients' serializer) |
 * </pre>
 */
public final class ResponseWriter {
    private ResponseWriter() {
    }

    /**
     * Writes (without flushing) one response; returns the frame size on the wire, the size prefix included.
     * The body is kafka-clients' message, or a pooled {@link ProduceResponse}, which this encodes by hand
     * and gives back to its pool once written.
     */
    public static int write(Channel channel, int correlationId, short headerVersion, Object body, short version) {
        if (body instanceof ProduceResponse produce) {
            int written = writeProduce(channel, correlationId, headerVersion, produce, version);
            produce.recycle(); // not when encoding failed: the caller discards it then
            return written;
        }
        return write(channel, correlationId, headerVersion, (ApiMessage) body, version);
    }

    private static int writeProduce(Channel channel, int correlationId, short headerVersion, ProduceResponse body, short version) {
        int frameBytes = 4 + (headerVersion >= 1 ? 1 : 0) + ProduceCodec.size(body, version);
        ByteBuf buf = channel.alloc().directBuffer(4 + frameBytes, 4 + frameBytes);
        try {
            buf.writeInt(frameBytes).writeInt(correlationId);
            if (headerVersion >= 1) {
                buf.writeByte(0); // no tagged fields
            }
            ProduceCodec.write(body, version, buf);
        } catch (RuntimeException e) {
            buf.release();
            throw e;
        }
        channel.write(buf, channel.voidPromise());
        return 4 + frameBytes;
    }

    private static int write(Channel channel, int correlationId, short headerVersion, ApiMessage body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        int headerBytes = header.size(cache, headerVersion);
        int bodyBytes = body.size(cache, version);
        int frameBytes = headerBytes + bodyBytes;
        // file regions take no room in the buffer: a 6 MiB fetch needs ~1 KiB of it, not a fresh zeroed 6 MiB
        SplitWritable out = new SplitWritable(channel.alloc(), 4 + frameBytes - regionBytes(body));
        try {
            out.writeInt(frameBytes);
            header.write(out, cache, headerVersion);
            body.write(out, cache, version);
        } catch (RuntimeException e) {
            out.abandon();
            throw e;
        }
        out.finish(channel);
        return 4 + frameBytes;
    }

    /** The bytes of a fetch response that go out as file regions (sendfile), not through the buffer. */
    static int regionBytes(ApiMessage body) {
        if (!(body instanceof FetchResponseData fetch)) {
            return 0;
        }
        int bytes = 0;
        for (FetchResponseData.FetchableTopicResponse topic : fetch.responses()) {
            for (FetchResponseData.PartitionData p : topic.partitions()) {
                if (p.records() instanceof FileRecordsRegion region) {
                    bytes += region.sizeInBytes();
                }
            }
        }
        return bytes;
    }

    /**
     * Kafka's own {@link ByteBufferAccessor} over one pooled direct buffer sized for the whole frame,
     * except that a {@link FileRecordsRegion} takes no room: its position in the frame is remembered
     * and the region is sent there.
     */
    static final class SplitWritable extends ByteBufferAccessor {
        private final ByteBuf buf;
        private final List<Object> regions = new ArrayList<>(2);
        private final List<Integer> cuts = new ArrayList<>(2);

        SplitWritable(ByteBufAllocator alloc, int capacity) {
            this(alloc.directBuffer(capacity, capacity), capacity);
        }

        private SplitWritable(ByteBuf buf, int capacity) {
            super(buf.nioBuffer(0, capacity)); // a view from position 0: positions are frame offsets
            this.buf = buf;
        }

        void finish(Channel channel) {
            buf.writerIndex(buffer().position());
            int from = 0;
            for (int i = 0; i < regions.size(); i++) {
                int cut = cuts.get(i);
                if (cut > from) {
                    channel.write(buf.retainedSlice(from, cut - from), channel.voidPromise());
                }
                channel.write(regions.get(i), channel.voidPromise());
                from = cut;
            }
            if (buf.writerIndex() > from) {
                channel.write(buf.retainedSlice(from, buf.writerIndex() - from), channel.voidPromise());
            }
            buf.release();
        }

        /** Frees the buffer and any regions taken so far: the frame will not be sent. */
        void abandon() {
            for (Object region : regions) {
                io.netty.util.ReferenceCountUtil.release(region);
            }
            regions.clear();
            buf.release();
        }

        @Override
        public void writeRecords(BaseRecords records) {
            if (records instanceof FileRecordsRegion region) {
                cuts.add(buffer().position());
                regions.add(region.handOver());
            } else {
                super.writeRecords(records);
            }
        }
    }
}

package dev.crucible.broker.net;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ObjectSerializationCache;
import org.apache.kafka.common.protocol.Writable;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.MemoryRecords;

import java.nio.ByteBuffer;
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

    /** Writes (without flushing) one response; returns the frame size on the wire, the size prefix included. */
    public static int write(Channel channel, int correlationId, short headerVersion, ApiMessage body, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ResponseHeaderData header = new ResponseHeaderData().setCorrelationId(correlationId);
        int headerBytes = header.size(cache, headerVersion);
        int bodyBytes = body.size(cache, version);
        int frameBytes = headerBytes + bodyBytes;
        SplitWritable out = new SplitWritable(channel.alloc(), 4 + frameBytes);
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

    /**
     * A {@link Writable} over one direct buffer that remembers where records regions go. The buffer
     * is sized for the whole frame; regions take no room in it.
     */
    static final class SplitWritable implements Writable {
        private final ByteBuf buf;
        private final List<Object> regions = new ArrayList<>(2);
        private final List<Integer> cuts = new ArrayList<>(2);

        SplitWritable(ByteBufAllocator alloc, int capacity) {
            this.buf = alloc.directBuffer(capacity, capacity);
        }

        void finish(Channel channel) {
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
                cuts.add(buf.writerIndex());
                regions.add(region.handOver());
            } else if (records instanceof MemoryRecords memory) {
                writeByteBuffer(memory.buffer());
            } else {
                throw new IllegalArgumentException("cannot send records of type " + records.getClass().getName());
            }
        }

        @Override
        public void writeByte(byte val) {
            buf.writeByte(val);
        }

        @Override
        public void writeShort(short val) {
            buf.writeShort(val);
        }

        @Override
        public void writeInt(int val) {
            buf.writeInt(val);
        }

        @Override
        public void writeLong(long val) {
            buf.writeLong(val);
        }

        @Override
        public void writeDouble(double val) {
            buf.writeDouble(val);
        }

        @Override
        public void writeByteArray(byte[] arr) {
            buf.writeBytes(arr);
        }

        @Override
        public void writeUnsignedVarint(int i) {
            while ((i & 0xFFFFFF80) != 0) {
                buf.writeByte((i & 0x7F) | 0x80);
                i >>>= 7;
            }
            buf.writeByte(i);
        }

        @Override
        public void writeByteBuffer(ByteBuffer src) {
            buf.writeBytes(src.duplicate());
        }

        @Override
        public void writeVarint(int i) {
            writeUnsignedVarint((i << 1) ^ (i >> 31));
        }

        @Override
        public void writeVarlong(long v) {
            long value = (v << 1) ^ (v >> 63);
            while ((value & 0xFFFFFFFFFFFFFF80L) != 0L) {
                buf.writeByte(((int) value & 0x7F) | 0x80);
                value >>>= 7;
            }
            buf.writeByte((int) value);
        }
    }
}

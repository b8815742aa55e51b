package dev.crucible.io;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads batch headers and checksums out of a segment file with positional reads into one reusable
 * direct buffer, so scanning allocates nothing. Not thread-safe: one per reading thread.
 */
final class BatchHeaderReader {
    /** Bytes of header needed to know a batch's offsets, size and max timestamp. */
    static final int SHORT_HEADER = RecordBatch.MAX_TIMESTAMP_OFFSET + 8;
    /** Buffer size for recovery, which streams whole batches through the CRC. */
    static final int RECOVERY_CHUNK = 64 * 1024;
    /** Buffer size for readers, which only ever read headers. */
    static final int HEADERS_ONLY = 64;

    /** Each reading thread's header reader: a read allocates no direct buffer (and no cleaner) of its own. */
    private static final ThreadLocal<BatchHeaderReader> READERS = ThreadLocal.withInitial(() -> new BatchHeaderReader(HEADERS_ONLY));

    private final ByteBuffer buffer;
    private final CRC32C crc = new CRC32C();

    BatchHeaderReader(int capacity) {
        this.buffer = ByteBuffer.allocateDirect(capacity).order(ByteOrder.BIG_ENDIAN);
    }

    /** The calling thread's headers-only reader, for reads (which never nest). */
    static BatchHeaderReader forThisThread() {
        return READERS.get();
    }

    /** Reads the first {@code count} header bytes of the batch at {@code position}; fields are read with the accessors. */
    ByteBuffer readHeader(FileChannel channel, long position, int count) throws IOException {
        buffer.clear().limit(count);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new EOFException("segment ends inside the batch header at " + position);
            }
        }
        return buffer;
    }

    long baseOffset() {
        return RecordBatch.baseOffset(buffer, 0);
    }

    int totalSize() {
        return RecordBatch.totalSize(buffer, 0);
    }

    long lastOffset() {
        return baseOffset() + RecordBatch.lastOffsetDelta(buffer, 0);
    }

    int partitionLeaderEpoch() {
        return RecordBatch.partitionLeaderEpoch(buffer, 0);
    }

    long maxTimestamp() {
        return RecordBatch.maxTimestamp(buffer, 0);
    }

    int storedCrc() {
        return RecordBatch.storedCrc(buffer, 0);
    }

    /** CRC32C of file bytes [from, to), streamed through the buffer. Clobbers the last header read. */
    int crcOf(FileChannel channel, long from, long to) throws IOException {
        crc.reset();
        long position = from;
        while (position < to) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), to - position));
            int n = channel.read(buffer, position);
            if (n < 0) {
                throw new EOFException("segment ends inside a batch at " + position);
            }
            buffer.flip();
            crc.update(buffer);
            position += n;
        }
        return (int) crc.getValue();
    }
}

package dev.crucible.broker.producer;

import dev.crucible.io.FetchSlice;
import dev.crucible.io.Log;
import dev.crucible.io.RecordBatch;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * Fills a {@link ProducerStateTable} from the batch headers of a log, oldest first, exactly as the
 * admission recorded them when they were appended: same epochs, sequences, offsets, timestamps.
 * Reads the log through its zero-copy read path and then only the {@link RecordBatch#HEADER_SIZE} header
 * bytes of each batch, with positional reads into one small buffer, so a scan costs one read per batch
 * whatever the batch sizes.
 *
 * <p>What is in the log passed validation when it was written, so batches are not checked again
 * (Kafka loads its producer state the same way, as a follower replays its leader). Control batches
 * are skipped: this broker never writes them.
 */
final class ProducerStateLoader {
    /** Bytes each {@link Log#read} may span; only headers are read from the span, so it costs no memory. */
    private static final int SPAN_BYTES = 64 << 20;

    private final ProducerStateTable table;
    private final long nowMs;
    private final ByteBuffer header = ByteBuffer.allocateDirect(RecordBatch.HEADER_SIZE).order(ByteOrder.BIG_ENDIAN);
    private final FetchSlice slice = new FetchSlice();

    ProducerStateLoader(ProducerStateTable table, long nowMs) {
        this.table = table;
        this.nowMs = nowMs;
    }

    /** Applies every batch from the one holding {@code from} to the log end. */
    void load(Log log, long from) throws IOException {
        long next = from;
        long end = log.logEndOffset();
        while (next < end) {
            log.read(next, SPAN_BYTES, slice);
            if (slice.isEmpty() || slice.nextOffset() <= next) {
                throw new IOException("log " + log.dir() + " gave no batch at offset " + next + " below its end " + end);
            }
            loadSlice();
            next = slice.nextOffset();
        }
    }

    private void loadSlice() throws IOException {
        FileChannel channel = slice.channel();
        long position = slice.position();
        long sliceEnd = position + slice.length();
        while (position < sliceEnd) {
            readHeader(channel, position);
            int size = RecordBatch.totalSize(header, 0);
            if (size < RecordBatch.HEADER_SIZE || position + size > sliceEnd) {
                throw new IOException("batch of " + size + " bytes at file position " + position + " does not fit its segment");
            }
            apply();
            position += size;
        }
    }

    private void readHeader(FileChannel channel, long position) throws IOException {
        header.clear();
        while (header.hasRemaining()) {
            if (channel.read(header, position + header.position()) < 0) {
                throw new EOFException("segment ends inside the batch header at " + position);
            }
        }
    }

    private void apply() {
        long producerId = RecordBatch.producerId(header, 0);
        if (!SequenceRules.isIdempotent(producerId) || (RecordBatch.attributes(header, 0) & RecordBatch.CONTROL_BIT) != 0) {
            return;
        }
        long firstOffset = RecordBatch.baseOffset(header, 0);
        int lastOffsetDelta = RecordBatch.lastOffsetDelta(header, 0);
        ProducerState known = table.get(producerId);
        if (known != null && known.batchCount() > 0 && firstOffset + lastOffsetDelta <= known.lastOffsetAt(known.slotOfAge(0))) {
            return; // already in the snapshot the scan started from: a batch recorded twice would push out an older one
        }
        int firstSeq = RecordBatch.baseSequence(header, 0);
        table.getOrCreate(producerId).record(RecordBatch.producerEpoch(header, 0), firstSeq,
            SequenceRules.lastSequence(firstSeq, lastOffsetDelta), firstOffset, firstOffset + lastOffsetDelta,
            RecordBatch.maxTimestamp(header, 0), nowMs);
    }
}

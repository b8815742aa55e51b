package dev.crucible.broker.group;

import dev.crucible.io.FetchSlice;
import dev.crucible.io.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Where committed offsets become durable: the broker's own log when it runs alone ({@link LogOffsetStore}),
 * a replicated offsets-topic partition in a cluster, something a test can hold back or replay in memory.
 */
public interface OffsetStore extends AutoCloseable {

    /**
     * Queues whole v2 batches to be appended, without blocking and without running any callback, so it
     * may be called under a group's lock: batches reach the store in the order of these calls, which
     * is the order the commits were validated in. {@link #flush()} sends them. {@code onDone} runs once,
     * on any thread, with null when the batches are durable under the store's flush policy, or with
     * the failure.
     */
    void append(ByteBuffer batches, Consumer<Throwable> onDone);

    /** Sends what {@link #append} queued, in order; call with no group lock held (callbacks may run). */
    void flush();

    /** Feeds every stored batch buffer to {@code sink}, oldest first; for restoring state at open. */
    void replay(Consumer<ByteBuffer> sink) throws IOException;

    /** Feeds every batch of {@code log} from its start to its end to {@code sink}, a chunk of whole batches at a time. */
    static void replay(Log log, Consumer<ByteBuffer> sink) throws IOException {
        int chunk = 1 << 20;
        FetchSlice slice = new FetchSlice();
        ByteBuffer buffer = ByteBuffer.allocate(chunk);
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        while (offset < end) {
            log.read(offset, chunk, slice);
            if (slice.isEmpty()) {
                break;
            }
            if (buffer.capacity() < slice.length()) {
                buffer = ByteBuffer.allocate(slice.length());
            }
            buffer.clear();
            slice.copyTo(buffer);
            buffer.flip();
            sink.accept(buffer);
            offset = slice.nextOffset();
        }
    }

    /** Offsets below this are on disk for sure (see {@code Log.recoveryPoint()}); 0 when unknown. */
    default long recoveryPoint() {
        return 0;
    }

    /** The largest batch one append may carry. */
    int maxBatchBytes();

    @Override
    void close();
}

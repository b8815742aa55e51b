package dev.crucible.broker.group;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * Where committed offsets become durable: the broker's own log in production ({@link LogOffsetStore}),
 * something a test can hold back or replay in memory.
 */
interface OffsetStore extends AutoCloseable {

    /**
     * Appends whole v2 batches without blocking. {@code onDone} runs once, on any thread, with null when
     * the batches are durable under the store's flush policy, or with the failure.
     */
    void append(ByteBuffer batches, Consumer<Throwable> onDone);

    /** Feeds every stored batch buffer to {@code sink}, oldest first; for restoring state at open. */
    void replay(Consumer<ByteBuffer> sink) throws IOException;

    /** The largest batch one append may carry. */
    int maxBatchBytes();

    @Override
    void close();
}

package dev.crucible.broker.group;

import dev.crucible.io.AppendRequest;
import dev.crucible.io.Log;
import dev.crucible.io.OrderedAppender;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The offsets log on the zero-copy-io engine: appends go through the shared group-commit writer and
 * are acknowledged from its callback, so a commit is answered only once it is in the log (forced, if
 * the log's policy says so).
 *
 * <p>Order: {@link #append} only queues, in the caller's order (validation order, under the group
 * lock); {@link #flush} sends the queue to the writer head first through an {@link OrderedAppender},
 * so the log holds commits in the order they were validated, also while the writer's queue is full.
 */
final class LogOffsetStore implements OffsetStore {
    private final Log log;
    private final OrderedAppender appender;

    LogOffsetStore(Log log, OrderedAppender appender) {
        this.log = log;
        this.appender = appender;
    }

    @Override
    public void append(ByteBuffer batches, Consumer<Throwable> onDone) {
        appender.enqueue(new AppendRequest().batches(batches).callback(done -> {
            Throwable error = done.error();
            if (error == null && !done.succeeded()) {
                error = new IllegalStateException("offsets append was not stored");
            }
            onDone.accept(error);
        }));
    }

    @Override
    public void flush() {
        appender.flush();
    }

    @Override
    public void replay(Consumer<ByteBuffer> sink) throws IOException {
        OffsetStore.replay(log, sink);
    }

    @Override
    public long recoveryPoint() {
        return log.recoveryPoint();
    }

    @Override
    public int maxBatchBytes() {
        return log.config().maxBatchBytes();
    }

    @Override
    public void close() {
        log.close();
    }
}

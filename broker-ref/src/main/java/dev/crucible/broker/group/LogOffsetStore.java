package dev.crucible.broker.group;

import dev.crucible.io.AppendRequest;
import dev.crucible.io.FetchSlice;
import dev.crucible.io.Log;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * The offsets log on the zero-copy-io engine: appends go through the shared group-commit writer and
 * are acknowledged from its callback, so a commit is answered only once it is in the log (forced, if
 * the log's policy says so). When the writer's queue is full the append is retried on the timer
 * rather than blocking the caller, a bounded number of times.
 */
final class LogOffsetStore implements OffsetStore {
    private static final int READ_CHUNK_BYTES = 1 << 20;
    private static final int MAX_SUBMIT_ATTEMPTS = 1_000;
    private static final long RETRY_DELAY_MS = 1;

    private final Log log;
    private final GroupTimers timers;

    LogOffsetStore(Log log, GroupTimers timers) {
        this.log = log;
        this.timers = timers;
    }

    @Override
    public void append(ByteBuffer batches, Consumer<Throwable> onDone) {
        AppendRequest request = new AppendRequest().batches(batches).callback(done -> {
            Throwable error = done.error();
            if (error == null && !done.succeeded()) {
                error = new IllegalStateException("offsets append was not stored");
            }
            onDone.accept(error);
        });
        submit(request, onDone, 1);
    }

    private void submit(AppendRequest request, Consumer<Throwable> onDone, int attempt) {
        if (log.tryAppend(request)) {
            return;
        }
        if (attempt >= MAX_SUBMIT_ATTEMPTS
            || timers.after(RETRY_DELAY_MS, () -> submit(request, onDone, attempt + 1)) == null) {
            onDone.accept(new IllegalStateException("offsets log writer queue stayed full"));
        }
    }

    @Override
    public void replay(Consumer<ByteBuffer> sink) throws IOException {
        FetchSlice slice = new FetchSlice();
        ByteBuffer buffer = ByteBuffer.allocate(READ_CHUNK_BYTES);
        long offset = log.logStartOffset();
        long end = log.logEndOffset();
        while (offset < end) {
            log.read(offset, READ_CHUNK_BYTES, slice);
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

    @Override
    public int maxBatchBytes() {
        return log.config().maxBatchBytes();
    }

    @Override
    public void close() {
        log.close();
    }
}

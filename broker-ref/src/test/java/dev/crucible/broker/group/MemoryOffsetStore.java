package dev.crucible.broker.group;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * An offset store in memory that a test can hold back: while held, appends wait until
 * {@link #releaseAll()} (or {@link #failAll}), so the test sees what the coordinator does before an
 * append is durable. Stored batches survive a coordinator close, so a new coordinator can replay them.
 */
final class MemoryOffsetStore implements OffsetStore {
    private record Pending(ByteBuffer batches, Consumer<Throwable> onDone) {
    }

    private final List<ByteBuffer> stored = new ArrayList<>();
    private final ArrayDeque<Pending> queued = new ArrayDeque<>();
    private final ArrayDeque<Pending> held = new ArrayDeque<>();
    private boolean holding;
    int closes;

    void hold() {
        holding = true;
    }

    int heldCount() {
        return held.size();
    }

    void releaseAll() {
        holding = false;
        while (!held.isEmpty()) {
            Pending pending = held.poll();
            stored.add(copy(pending.batches));
            pending.onDone.accept(null);
        }
    }

    void failAll(Throwable cause) {
        holding = false;
        while (!held.isEmpty()) {
            held.poll().onDone.accept(cause);
        }
    }

    @Override
    public synchronized void append(ByteBuffer batches, Consumer<Throwable> onDone) {
        queued.add(new Pending(batches, onDone));
    }

    @Override
    public void flush() {
        Pending next;
        while ((next = poll()) != null) {
            if (holding) {
                held.add(next);
                continue;
            }
            stored.add(copy(next.batches));
            next.onDone.accept(null);
        }
    }

    private synchronized Pending poll() {
        return queued.poll();
    }

    private static ByteBuffer copy(ByteBuffer batches) {
        ByteBuffer copy = ByteBuffer.allocate(batches.remaining());
        copy.put(batches.duplicate());
        return copy.flip();
    }

    @Override
    public void replay(Consumer<ByteBuffer> sink) {
        stored.forEach(b -> sink.accept(b.duplicate()));
    }

    @Override
    public int maxBatchBytes() {
        return 1024 * 1024;
    }

    @Override
    public void close() {
        closes++;
    }
}

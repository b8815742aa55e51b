package dev.crucible.broker.quorum;

import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.metadata.MetadataImage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Hands new images to subscribers on one thread of its own, never on Ratis' apply thread. Images that
 * arrive faster than subscribers take them are coalesced: a subscriber always gets the newest, in
 * index order, and may skip some in between (subscribers work from differences, so that is enough).
 */
final class ImagePublisher implements Consumer<MetadataImage>, AutoCloseable {
    private final List<Consumer<MetadataImage>> listeners = new CopyOnWriteArrayList<>();
    private final AtomicReference<MetadataImage> latest = new AtomicReference<>(MetadataImage.EMPTY);
    private final AtomicBoolean queued = new AtomicBoolean();
    private final ExecutorService answers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "crucible-metadata-answers");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "crucible-metadata-publisher");
        t.setDaemon(true);
        return t;
    });
    private long delivered = -1;
    private final NavigableMap<Long, List<CompletableFuture<Void>>> waiting =
        new TreeMap<>();

    /**
     * Completes (off the publisher's thread) once an image at {@code index} or later is this node's:
     * what it serves then includes that entry.
     */
    CompletableFuture<Void> reached(long index) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        synchronized (waiting) {
            if (delivered >= index) {
                f.complete(null);
            } else {
                waiting.computeIfAbsent(index, k -> new ArrayList<>()).add(f);
            }
        }
        return f;
    }

    MetadataImage latest() {
        return latest.get();
    }

    void subscribe(Consumer<MetadataImage> listener) {
        listeners.add(listener);
        thread.execute(() -> {
            MetadataImage now = latest.get();
            if (now.appliedIndex() > 0) {
                deliverTo(listener, now);
            }
        });
    }

    @Override
    public void accept(MetadataImage image) {
        latest.accumulateAndGet(image, (old, next) -> next.appliedIndex() >= old.appliedIndex() ? next : old);
        if (queued.compareAndSet(false, true)) {
            try {
                thread.execute(this::drain);
            } catch (RejectedExecutionException closed) {
                queued.set(false);
            }
        }
    }

    private void drain() {
        queued.set(false);
        MetadataImage now = latest.get();
        synchronized (waiting) {
            if (now.appliedIndex() <= delivered) {
                return;
            }
        }
        List<CompletableFuture<Void>> done = new ArrayList<>();
        synchronized (waiting) {
            delivered = now.appliedIndex();
            Map<Long, List<CompletableFuture<Void>>> due = waiting.headMap(delivered, true);
            due.values().forEach(done::addAll);
            due.clear();
        }
        // the image is this node's to answer from already; subscribers' disk work (creating logs) need not delay the answer
        for (CompletableFuture<Void> f : done) {
            answers.execute(() -> f.complete(null));
        }
        for (Consumer<MetadataImage> l : listeners) {
            deliverTo(l, now);
        }
    }

    private static void deliverTo(Consumer<MetadataImage> listener, MetadataImage image) {
        try {
            listener.accept(image);
        } catch (RuntimeException e) {
            BrokerLog.warn("metadata: a subscriber failed on " + image + ": " + e);
        }
    }

    @Override
    public void close() {
        answers.shutdownNow();
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

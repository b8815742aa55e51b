package dev.crucible.broker.group;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Futures to complete once a group's lock is released. Handlers decide answers under the lock and
 * park them here, so no client callback (which may run on the completing thread) ever runs while a
 * group is locked.
 */
final class Completions {
    private final List<Runnable> pending = new ArrayList<>(4);

    <T> void complete(CompletableFuture<T> future, T value) {
        if (future != null) {
            pending.add(() -> future.complete(value));
        }
    }

    /** Runs {@code action} after the lock is released (an append whose callback may lock the group again). */
    void afterUnlock(Runnable action) {
        pending.add(action);
    }

    /** Completes everything collected, in order; called without any group lock held. */
    void run() {
        for (Runnable completion : pending) {
            completion.run();
        }
        pending.clear();
    }
}

package dev.crucible.io;

/**
 * Told when an append is done: durable under the log's flush policy, or failed. Runs on the writer
 * thread, so it must be quick and must not block; hand real work to another thread.
 */
@FunctionalInterface
public interface AppendCallback {
    void onComplete(AppendRequest request);
}

package dev.crucible.chaos.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One broker process the run launched: it can be killed, restarted, paused and resumed by the
 * nemeses. Clients never reach it directly but through {@link #clientAddress()}.
 */
public interface Node {

    /** 0-based position in the cluster; names in histories are "n" + index. */
    int index();

    /** "n0", "n1", ... */
    default String name() {
        return "n" + index();
    }

    /** The running process's id, or empty while the node is down. */
    Optional<Long> pid();

    /** Whether the process is running (paused counts as running). */
    boolean alive();

    /** SIGKILL, then waits (bounded) until the process is gone. */
    void kill() throws IOException, InterruptedException;

    /** Starts the process again on the same port and data, and waits until it accepts connections. */
    void restart(Duration timeout) throws IOException, InterruptedException;

    /** SIGSTOP. */
    void pause() throws IOException, InterruptedException;

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException;

    /** Where the node itself listens (host:port as the host running the clients reaches it). */
    String listenAddress();

    /** The node's data directory (the broker's log.dirs). */
    Path dataDir();

    /** The file the process's output goes to. */
    Path outputFile();

    /**
     * Exits of the node's processes that nobody asked for (not a kill, not the run's stop, not
     * excused by a fault), described with exit code and the end of the output: crashes.
     */
    default List<String> crashes() {
        return List.of();
    }

    /**
     * Until the node next starts successfully, it may exit or refuse to start as the expected outcome
     * of a fault (a full or damaged disk): such an exit is not a crash.
     */
    default void excuseExits() {}
}

package dev.crucible.chaos.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
    default void restart(Duration timeout) throws IOException, InterruptedException {
        relaunch();
        awaitAnswer(timeout);
    }

    /** Starts the process again on the same port and data, without waiting for it to answer. */
    void relaunch() throws IOException;

    /** Waits until the process {@link #relaunch relaunched} accepts connections; throws with its log if it exits first or time is up. */
    void awaitAnswer(Duration timeout) throws IOException, InterruptedException;

    /**
     * Restarts {@code nodes} together: every process first, then the wait until all answer, within
     * {@code timeout} in all. A cluster node answers only once its quorum is up, which may take
     * several of the nodes (two of three voters killed: one by one, the first would never answer).
     * Every node is waited for even when one fails; the first failure is thrown at the end.
     */
    static void restartAll(List<? extends Node> nodes, Duration timeout) throws IOException, InterruptedException {
        long deadlineNs = System.nanoTime() + timeout.toNanos();
        IOException first = null;
        List<Node> relaunched = new ArrayList<>();
        for (Node n : nodes) {
            try {
                n.relaunch();
                relaunched.add(n);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        for (Node n : relaunched) {
            try {
                n.awaitAnswer(Duration.ofNanos(Math.max(0, deadlineNs - System.nanoTime())));
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

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

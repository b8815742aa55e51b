package dev.crucible.launch.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One broker process Crucible launched: started (and started again after a kill, with the same
 * command, port and data), killed, paused and resumed on request, stopped for good at the end.
 */
public interface Node {

    /** The broker's node.id. */
    int id();

    /** What messages call it ("n0", "node 1"). */
    String name();

    /** host:port where the node itself listens, as this host reaches it. */
    String bootstrap();

    /** The node's data directory (the broker's log.dirs). */
    Path dataDir();

    /** The file the process's stdout and stderr are appended to, across restarts. */
    Path logFile();

    /** The last lines of {@link #logFile()}, headed by where they come from, for error messages. */
    String logTail();

    /** The running process's id, or empty while the node is down. */
    Optional<Long> pid();

    /** Whether the process is running (paused counts as running). */
    boolean alive();

    /**
     * Calls {@code listener} with every process started for the node from now on, on the starting
     * thread, before the start waits for it to answer (so even an exit while starting is seen).
     */
    void onStart(Consumer<Process> listener);

    /**
     * Starts the process (first start or restart) and waits until it accepts connections; throws
     * with the end of its log if it exits first or {@code timeout} passes.
     *
     * @throws IllegalStateException when it is running
     * @throws IOException when it cannot start or answer, or it was {@link #stop() stopped}
     */
    void start(Duration timeout) throws IOException, InterruptedException;

    /**
     * Starts the process as {@link #start} does but returns at once, without waiting for it to
     * answer: a cluster node opens its port only once its quorum is up, so a cluster starts every
     * node first and then waits for them all ({@link StartWait}).
     *
     * @throws IllegalStateException when it is running
     * @throws IOException when it cannot start, or it was {@link #stop() stopped}
     */
    Process spawn() throws IOException;

    /** Whether the node's client port accepts a connection now. */
    boolean answers();

    /** Throws, naming the exit code and quoting the log, when the last process started has exited. */
    void requireRunning() throws IOException;

    /** SIGKILL, then waits (bounded) until the process is gone; nothing when it is not running. */
    void kill() throws IOException, InterruptedException;

    /** SIGSTOP. */
    void pause() throws IOException, InterruptedException;

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException;

    /** Stops the node for good: SIGCONT, SIGTERM, SIGKILL after 30 s; later starts are refused. Never throws. */
    void stop();
}

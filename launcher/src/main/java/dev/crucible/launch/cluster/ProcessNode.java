package dev.crucible.launch.cluster;

import dev.crucible.launch.process.FileTail;
import dev.crucible.launch.process.ProcessStop;
import dev.crucible.launch.process.Signals;
import dev.crucible.launch.process.Tcp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A node run as an OS process from its {@link Launch}: every start runs the same command in the
 * same folder, appending to the same output, and waits until the port accepts connections. The
 * kinds of node differ only in how their launch is made ({@link BrokerRefNode}, the Kafka
 * launcher's node).
 */
public abstract class ProcessNode implements Node {
    private static final long KILL_WAIT_MS = 10_000;
    private static final int CONNECT_TIMEOUT_MS = 500;
    private static final int TAIL_LINES = 20;

    private final int id;
    private final String name;
    private final Launch launch;
    private Consumer<Process> onStart = p -> {};
    private Process process;
    private boolean stopped;

    /** A node called {@code name} with node.id {@code id}, launched as {@code launch} says. */
    protected ProcessNode(int id, String name, Launch launch) {
        this.id = id;
        this.name = name;
        this.launch = launch;
    }

    @Override
    public final int id() {
        return id;
    }

    @Override
    public final String name() {
        return name;
    }

    /** How the node's process is launched. */
    public final Launch launch() {
        return launch;
    }

    @Override
    public final String bootstrap() {
        return launch.address();
    }

    @Override
    public final Path dataDir() {
        return launch.dataDir();
    }

    @Override
    public final Path logFile() {
        return launch.output();
    }

    @Override
    public final String logTail() {
        return "last lines of " + launch.output() + ":\n" + FileTail.lastLines(launch.output(), TAIL_LINES);
    }

    @Override
    public final synchronized Optional<Long> pid() {
        return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    @Override
    public final synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    @Override
    public final synchronized void onStart(Consumer<Process> listener) {
        this.onStart = listener;
    }

    @Override
    public final void start(Duration timeout) throws IOException, InterruptedException {
        spawn();
        StartWait.untilAnswering(List.of(this), timeout);
    }

    @Override
    public final boolean answers() {
        return Tcp.accepts(launch.host(), launch.port(), CONNECT_TIMEOUT_MS);
    }

    @Override
    public final synchronized Process spawn() throws IOException {
        if (stopped) {
            throw new IOException(name + " is stopped");
        }
        if (alive()) {
            throw new IllegalStateException(name + " is already running (pid " + process.pid() + ")");
        }
        Files.createDirectories(launch.workDir());
        Files.createDirectories(launch.output().toAbsolutePath().getParent());
        Files.createDirectories(launch.dataDir());
        process = new ProcessBuilder(launch.command())
                .directory(launch.workDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(launch.output().toFile()))
                .start();
        onStart.accept(process);
        return process;
    }

    @Override
    public final void requireRunning() throws IOException {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p != null) {
            requireRunning(p);
        }
    }

    private void requireRunning(Process p) throws IOException {
        if (!p.isAlive()) {
            throw new IOException(name + " (pid " + p.pid() + ") exited with code " + p.exitValue()
                    + " while starting; " + logTail());
        }
    }

    @Override
    public final void kill() throws IOException, InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        p.destroyForcibly(); // SIGKILL on Linux
        if (!p.waitFor(KILL_WAIT_MS, TimeUnit.MILLISECONDS)) {
            throw new IOException(name + " (pid " + p.pid() + ") survived SIGKILL for 10 s");
        }
    }

    @Override
    public final void pause() throws IOException, InterruptedException {
        Signals.send(requirePid(), "STOP");
    }

    @Override
    public final void resume() throws IOException, InterruptedException {
        Signals.send(requirePid(), "CONT");
    }

    private long requirePid() throws IOException {
        return pid().orElseThrow(() -> new IOException(name + " is not running"));
    }

    @Override
    public final void stop() {
        stopAll(List.of(this));
    }

    /** Refuses later starts; returns the process to stop, or null when none runs. */
    private synchronized Process retire() {
        stopped = true;
        return process != null && process.isAlive() ? process : null;
    }

    /** Stops {@code nodes} for good, all at once (see {@link ProcessStop}). Never throws. */
    public static void stopAll(List<? extends ProcessNode> nodes) {
        List<Process> running = new ArrayList<>();
        for (ProcessNode n : nodes) {
            Process p = n.retire();
            if (p != null) {
                running.add(p);
            }
        }
        ProcessStop.all(running);
    }
}

package dev.crucible.chaos.cluster;

import dev.crucible.load.peer.FileTail;
import dev.crucible.load.peer.Tcp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A broker started from a command line: the run can SIGKILL and restart it (same command, same port,
 * same data), SIGSTOP and SIGCONT it. Its output is appended to one file across restarts.
 */
public final class ProcessNode implements Node {
    private static final long EXIT_WAIT_MS = 10_000;

    private final int index;
    private final List<String> command;
    private final String host;
    private final int port;
    private final Path dataDir;
    private final Path output;
    private final ExitWatch exits;
    private Process process;

    /**
     * @param command the whole command line, already naming host, port and data directory
     * @param host where the node listens, as the clients' host reaches it
     */
    public ProcessNode(int index, List<String> command, String host, int port, Path dataDir, Path output) {
        this.index = index;
        this.command = List.copyOf(command);
        this.host = host;
        this.port = port;
        this.dataDir = dataDir;
        this.output = output;
        this.exits = new ExitWatch(name(), output);
    }

    @Override
    public int index() {
        return index;
    }

    @Override
    public synchronized Optional<Long> pid() {
        return process != null && process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
    }

    @Override
    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the process (first start or restart) and waits until its port accepts connections. */
    @Override
    public void restart(Duration timeout) throws IOException, InterruptedException {
        Process p;
        synchronized (this) {
            if (alive()) {
                throw new IllegalStateException(name() + " is already running (pid " + process.pid() + ")");
            }
            Files.createDirectories(output.getParent());
            Files.createDirectories(dataDir);
            // In the node's folder, so what the process leaves (a JVM's hs_err_pid*.log after a crash)
            // stays with the run, not in the user's working directory.
            p = new ProcessBuilder(command).directory(output.getParent().toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile())).start();
            process = p;
            exits.watch(p);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Tcp.accepts(host, port, 500)) {
            if (!p.isAlive()) {
                throw new IOException(name() + " exited with code " + p.exitValue() + " while starting; the end of "
                        + output + ":\n" + FileTail.lastLines(output, 20));
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException(name() + " did not accept connections on " + listenAddress() + " within "
                        + timeout.toSeconds() + " s; the end of " + output + ":\n" + FileTail.lastLines(output, 20));
            }
            Thread.sleep(100);
        }
        exits.started();
    }

    @Override
    public void kill() throws IOException, InterruptedException {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        exits.stopping();
        p.destroyForcibly(); // SIGKILL on Linux
        if (!p.waitFor(EXIT_WAIT_MS, TimeUnit.MILLISECONDS)) {
            throw new IOException(name() + " (pid " + p.pid() + ") survived SIGKILL for 10 s");
        }
    }

    @Override
    public void pause() throws IOException, InterruptedException {
        Signals.send(requirePid(), "STOP");
    }

    @Override
    public void resume() throws IOException, InterruptedException {
        Signals.send(requirePid(), "CONT");
    }

    private long requirePid() throws IOException {
        return pid().orElseThrow(() -> new IOException(name() + " is not running"));
    }

    /** Stops the node: SIGCONT (in case it is paused), SIGTERM, then SIGKILL after 20 s. Never throws. */
    public void stop() {
        Process p;
        synchronized (this) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            return;
        }
        exits.stopping();
        try {
            Signals.send(p.pid(), "CONT");
        } catch (IOException | InterruptedException e) {
            // carry on: it may have just exited
        }
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(EXIT_WAIT_MS, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String listenAddress() {
        return host + ":" + port;
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    @Override
    public Path outputFile() {
        return output;
    }

    @Override
    public List<String> crashes() {
        return exits.crashes();
    }

    @Override
    public void excuseExits() {
        exits.excuse();
    }
}

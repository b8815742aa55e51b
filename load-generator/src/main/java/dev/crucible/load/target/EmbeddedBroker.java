package dev.crucible.load.target;

import dev.crucible.load.peer.FileTail;
import dev.crucible.load.peer.Tcp;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * broker-ref in a child JVM on loopback, started for one run: a process of its own so its CPU time
 * can be measured and it can be paused (SIGSTOP) like any broker. The command comes from the CLI
 * (this module does not know broker-ref's classes); a shutdown hook stops it if we exit early.
 */
public final class EmbeddedBroker implements LaunchedTarget {
    private static final long START_TIMEOUT_MS = 60_000;

    private final Process process;
    private final int port;
    private final Thread hook;

    private EmbeddedBroker(Process process, int port) {
        this.process = process;
        this.port = port;
        this.hook = new Thread(this::stop, "crucible-embedded-broker-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /**
     * Starts {@code command} followed by {@code --port P --data-dir DIR} and waits until the port
     * accepts connections; output goes to {@code dataDir/broker.out}.
     */
    public static EmbeddedBroker start(List<String> command, Path dataDir) throws IOException, InterruptedException {
        Files.createDirectories(dataDir);
        int port = Tcp.freeLoopbackPort();
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(List.of("--port", Integer.toString(port), "--data-dir", dataDir.resolve("data").toString()));
        Path log = dataDir.resolve("broker.out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        EmbeddedBroker b = new EmbeddedBroker(p, port);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (!Tcp.accepts("127.0.0.1", port, 500)) {
            if (!p.isAlive() || System.nanoTime() - deadline > 0) {
                b.close();
                throw new IOException("the embedded broker did not start (" + (p.isAlive() ? "no answer on port " + port
                        : "exit code " + p.exitValue()) + "); its output, " + log + ":\n" + FileTail.lastLines(log, 20));
            }
            Thread.sleep(100);
        }
        return b;
    }

    @Override
    public String kind() {
        return "embedded";
    }

    @Override
    public String version() {
        return "broker-ref";
    }

    @Override
    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    @Override
    public List<Long> pids() {
        return List.of(process.pid());
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Already shutting down: the hook is running or ran.
        }
    }
}

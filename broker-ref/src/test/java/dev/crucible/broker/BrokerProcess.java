package dev.crucible.broker;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A broker in a JVM of its own ({@link ChildBroker}), for tests where the broker may die (SIGKILL,
 * a crash) or must be restarted as a real process. Its standard error goes to a file, shown by
 * {@link #errorTail()} when a test needs to say why it died.
 */
public final class BrokerProcess implements AutoCloseable {
    private final Path dataDir;
    private final int port;
    private final List<String> settings;
    private final String openFileLimit;
    private final Path stderr;
    private Process process;

    /**
     * @param openFileLimit a {@code ulimit -n} for the child, or null to inherit this JVM's
     */
    public BrokerProcess(Path dataDir, String openFileLimit, String... settings) throws IOException {
        this.dataDir = dataDir;
        this.port = freePort();
        this.settings = List.of(settings);
        this.openFileLimit = openFileLimit;
        this.stderr = Files.createTempFile("broker-process", ".err");
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts the child and waits until it listens; fails with its standard error if it does not. */
    public BrokerProcess start() throws IOException {
        launch();
        return awaitStarted();
    }

    /**
     * A broker on a given port (a cluster node, whose port the others must know), with its standard
     * error going to {@code stderrFile}.
     */
    public BrokerProcess(Path dataDir, int port, Path stderrFile, List<String> settings) {
        this.dataDir = dataDir;
        this.port = port;
        this.settings = List.copyOf(settings);
        this.openFileLimit = null;
        this.stderr = stderrFile;
    }

    /** Starts the child without waiting for it (cluster nodes start together: one alone never becomes ready). */
    public BrokerProcess launch() throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-Xmx512m", "-cp", System.getProperty("java.class.path"), ChildBroker.class.getName(), dataDir.toString(),
            String.valueOf(port)));
        cmd.addAll(settings);
        if (openFileLimit != null) {
            List<String> shell = new ArrayList<>(List.of("sh", "-c", "ulimit -n " + openFileLimit + " && exec \"$@\"", "sh"));
            shell.addAll(cmd);
            cmd = shell;
        }
        process = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.appendTo(stderr.toFile())).start();
        return this;
    }

    /** Waits until the launched child listens; fails with its standard error if it does not. */
    public BrokerProcess awaitStarted() throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("PORT ")) {
            throw new IOException("child broker did not start: " + errorTail());
        }
        return this;
    }

    public int port() {
        return port;
    }

    public String bootstrap() {
        return "127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** Waits up to {@code seconds} for the process to exit; its exit code, or null while it runs. */
    public Integer exitCode(int seconds) throws InterruptedException {
        return process.waitFor(seconds, TimeUnit.SECONDS) ? process.exitValue() : null;
    }

    /** SIGKILL, and wait for it. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** SIGTERM (a clean shutdown), and wait for it. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /** The last lines the child wrote to standard error. */
    public String errorTail() {
        try {
            List<String> lines = Files.readAllLines(stderr, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no standard error: " + e + ")";
        }
    }

    @Override
    public void close() throws IOException {
        if (process != null && process.isAlive()) {
            try {
                kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Files.deleteIfExists(stderr);
    }
}

package dev.crucible.chaos.net;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs one system command ({@code ip}, {@code iptables-restore}, {@code tc}, {@code bash}) with a
 * time limit, under the C locale so error texts can be matched.
 *
 * <p>Output goes to temporary files rather than pipes: a child that writes more than a pipe holds
 * can then never block, and the time limit holds even when nobody reads. What is kept of each
 * stream is capped at {@link #MAX_KEPT_BYTES}.
 */
final class Exec {

    /** Limit for the configuration commands; iptables itself waits at most 5 s for its lock. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_KEPT_BYTES = 256 * 1024;
    private static final List<String> EXTRA_DIRS = List.of("/usr/sbin", "/sbin", "/usr/bin", "/bin");

    private Exec() {
    }

    /** What a command did: exit code, whether the time limit killed it, and what it printed. */
    record Result(List<String> argv, int exitCode, boolean timedOut, String stdout, String stderr) {

        boolean ok() {
            return !timedOut && exitCode == 0;
        }

        /** The command line, its fate and its stderr, for exception messages. */
        String failure() {
            String fate = timedOut ? "timed out and was killed" : "failed with exit code " + exitCode;
            String err = stderr.strip();
            return "`" + String.join(" ", argv) + "` " + fate + (err.isEmpty() ? "" : ": " + err);
        }
    }

    /** Runs {@code argv} and returns its stdout; throws with the command and its stderr otherwise. */
    static String check(List<String> argv) throws IOException {
        return check(argv, null);
    }

    /** As {@link #check(List)}, feeding {@code stdin} to the command. */
    static String check(List<String> argv, String stdin) throws IOException {
        Result result = run(argv, stdin, DEFAULT_TIMEOUT);
        if (!result.ok()) {
            throw new IOException(result.failure());
        }
        return result.stdout();
    }

    /** Runs {@code argv}, killing it after {@code timeout}; a failing exit is a result, not thrown. */
    static Result run(List<String> argv, String stdin, Duration timeout) throws IOException {
        Path out = Files.createTempFile("crc-netlab", ".out");
        Path err = Files.createTempFile("crc-netlab", ".err");
        try {
            ProcessBuilder builder = new ProcessBuilder(argv)
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().put("LC_ALL", "C");
            if (stdin == null) {
                builder.redirectInput(new File("/dev/null"));
            }
            Process process = builder.start();
            if (stdin != null) {
                // Our inputs are a few kilobytes at most, well under a pipe's buffer: this cannot block.
                try (OutputStream in = process.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    // The command quit without reading; its exit code and stderr will say why.
                }
            }
            boolean timedOut = !waitFor(process, timeout);
            if (timedOut) {
                process.destroyForcibly();
                waitFor(process, Duration.ofSeconds(5));
            }
            int exit = process.isAlive() ? -1 : process.exitValue();
            return new Result(List.copyOf(argv), exit, timedOut, read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The absolute path of {@code name} on PATH or in the sbin folders root usually has. */
    static Optional<String> locate(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            Optional<String> found = executable(dir, name);
            if (found.isPresent()) {
                return found;
            }
        }
        for (String dir : EXTRA_DIRS) {
            Optional<String> found = executable(dir, name);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> executable(String dir, String name) {
        if (dir.isEmpty()) {
            return Optional.empty();
        }
        Path candidate = Path.of(dir, name);
        return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
                ? Optional.of(candidate.toAbsolutePath().toString())
                : Optional.empty();
    }

    private static boolean waitFor(Process process, Duration timeout) throws IOException {
        try {
            return process.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + process.info().commandLine().orElse("a command"), e);
        }
    }

    private static String read(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_KEPT_BYTES + 1);
            int kept = Math.min(bytes.length, MAX_KEPT_BYTES);
            String text = new String(bytes, 0, kept, StandardCharsets.UTF_8);
            return bytes.length > MAX_KEPT_BYTES ? text + "..." : text;
        }
    }
}

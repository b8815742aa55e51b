package dev.crucible.launch.kafka;

import dev.crucible.launch.process.FileTail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code mvn dependency:copy-dependencies} on the pom in a folder, copying every runtime jar
 * into its {@code libs/}; Maven's output goes to {@code maven.log} beside it. {@code mvn} is taken
 * from PATH, so the user's own settings (mirrors, proxies, local repository) apply.
 */
final class MavenCopy {

    private static final long TIMEOUT_MS = TimeUnit.MINUTES.toMillis(15);
    private static final int ERROR_LINES = 10;

    /**
     * How a run failed.
     *
     * @param log Maven's full output
     * @param errors its last error lines, indented, without colour codes or generic advice
     */
    record Failure(Path log, String errors) {}

    private MavenCopy() {}

    /**
     * Copies the jars of {@code dir/pom.xml} into {@code dir/libs}; null on success. {@code -U}:
     * Maven remembers a release it did not find for a day, and one published since must be found.
     */
    static Failure run(Path dir) throws IOException, InterruptedException {
        Path log = dir.resolve("maven.log");
        Process maven;
        try {
            maven = new ProcessBuilder(
                            "mvn", "-B", "-q", "-U", "-Dstyle.color=never", "-f", "pom.xml",
                            "dependency:copy-dependencies", "-DincludeScope=runtime", "-DoutputDirectory=libs")
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException("cannot run 'mvn' (" + e.getMessage() + "); Apache Kafka peers are"
                    + " resolved through Maven: install it (apt-get install maven) and put it on PATH", e);
        }
        if (!maven.waitFor(TIMEOUT_MS, TimeUnit.MILLISECONDS)) {
            maven.destroyForcibly();
            return new Failure(
                    log, "  (no answer within 15 minutes)\n" + FileTail.lastLines(log, ERROR_LINES));
        }
        return maven.exitValue() == 0 ? null : new Failure(log, errors(log));
    }

    private static String errors(Path log) throws IOException {
        List<String> errors = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                .map(line -> line.replaceAll("\\x1B\\[[0-9;]*m", "").strip())
                .filter(line -> !line.isEmpty() && !line.equals("[ERROR]"))
                .filter(line -> !line.contains("-e switch") && !line.contains("-X switch")
                        && !line.contains("possible solutions") && !line.contains("[Help 1] http"))
                .toList();
        List<String> last = errors.subList(Math.max(0, errors.size() - ERROR_LINES), errors.size());
        return last.isEmpty() ? "  (no output)" : "  " + String.join("\n  ", last);
    }
}

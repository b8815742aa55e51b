package dev.crucible.launch.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM to a foreground command: whoever holds the gate is told and finishes first, then the stop
 * hooks and the foreground's closes run (those in the given order, past a failing one), then the
 * JVM exits with SIGTERM's status. A cancelled hook never runs.
 */
class ForegroundTest {
    @TempDir Path dir;

    @Test
    void sigtermTellsTheHolderThenClosesInOrderThenExits() throws Exception {
        Path notes = dir.resolve("notes");
        Process child = new ProcessBuilder(ChildJvm.ofThisJvm().command(List.of(), List.of("-Xmx64m"),
                ExitOrderMain.class.getName(), notes.toString()))
                .redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile()).start();
        try {
            awaitLine(notes, "ready");
            child.destroy(); // SIGTERM
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("child exited").isTrue();
            assertThat(child.exitValue()).isEqualTo(143);
            List<String> lines = Files.readAllLines(notes);
            assertThat(lines).containsExactlyInAnyOrder("ready", "holder told", "holder finished", "stop hook",
                    "closed first", "closed third");
            assertThat(lines.subList(0, 3)).containsExactly("ready", "holder told", "holder finished");
            assertThat(lines.indexOf("closed first")).isLessThan(lines.indexOf("closed third"));
            assertThat(Files.readString(dir.resolve("out"))).contains("a failing close");
        } finally {
            child.destroyForcibly();
        }
    }

    private static void awaitLine(Path file, String line) throws Exception {
        long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(file) || !Files.readAllLines(file).contains(line)) {
            assertThat(deadlineNs - System.nanoTime()).as("waiting for '%s' in %s", line, file).isPositive();
            Thread.sleep(20);
        }
    }
}

package dev.crucible.launch.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A child JVM under ParentWatch ends by itself once its parent is gone (as after a SIGKILL). */
class ParentWatchTest {

    @TempDir Path dir;

    @Test
    void childRunsTheRealMainAndExitsSoonAfterItsParentDies() throws Exception {
        Path watchRoot = WatchdogClasspath.install(dir.resolve("cache"));
        Path testClasses =
                Path.of(BlockingMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path argsFile = dir.resolve("args.txt");
        Process parent = new ProcessBuilder("sleep", "2").start();
        Process child = new ProcessBuilder(List.of(
                        ChildJvm.javaBinary(), "--limit-modules", "java.base", "-Xmx32m",
                        "-cp", watchRoot + File.pathSeparator + testClasses,
                        ParentWatch.class.getName(), Long.toString(parent.pid()),
                        BlockingMain.class.getName(), argsFile.toString(), "a", "b"))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.out").toFile())
                .start();
        try {
            assertThat(parent.waitFor(10, TimeUnit.SECONDS)).isTrue();
            // The child outlived its parent's 2 s only by the watch's poll interval and JVM exit.
            assertThat(child.waitFor(15, TimeUnit.SECONDS))
                    .as("child still running; its output: %s", Files.readString(dir.resolve("child.out")))
                    .isTrue();
            assertThat(child.exitValue()).isEqualTo(3);
            assertThat(Files.readString(argsFile)).isEqualTo(argsFile + " a b");
            assertThat(Files.readString(dir.resolve("child.out"))).contains("is gone");
        } finally {
            child.destroyForcibly();
            parent.destroyForcibly();
        }
    }

    @Test
    void theWatchFolderHoldsOnlyTheWatchClass() throws Exception {
        Path root = WatchdogClasspath.install(dir);
        try (var files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(root::relativize).map(Path::toString))
                    .containsExactly("dev/crucible/launch/process/ParentWatch.class");
        }
    }
}

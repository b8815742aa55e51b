package dev.crucible.load.peer;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a Kafka main class in a JVM of its own, under {@link ParentWatch} so it ends with us, with
 * the release's jars ({@code libs/*}) and the watchdog folder as its only classpath, its output to a
 * file.
 *
 * @param libs the release's jar folder
 * @param watchRoot folder holding ParentWatch's class file
 */
record ChildJvm(Path libs, Path watchRoot) {

    /** Starts {@code mainClass args} in {@code workDir}, stdout and stderr to {@code output}. */
    Process start(Path workDir, Path output, List<String> jvmFlags, String mainClass, String... args)
            throws IOException {
        return start(List.of(), workDir, output, jvmFlags, mainClass, args);
    }

    /** As {@link #start(Path, Path, List, String, String...)}, with {@code prefix} before the java command. */
    Process start(List<String> prefix, Path workDir, Path output, List<String> jvmFlags, String mainClass,
            String... args) throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.add(javaBinary());
        command.addAll(jvmFlags);
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        // The java launcher expands "dir/*" to the jars in dir itself; no shell is involved.
        command.add(watchRoot + File.pathSeparator + libs.toAbsolutePath() + File.separator + "*");
        command.add(ParentWatch.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(mainClass);
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    /** The java binary running us, so children get the same JDK. */
    static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}

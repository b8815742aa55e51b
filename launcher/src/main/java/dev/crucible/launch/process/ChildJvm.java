package dev.crucible.launch.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * How every child JVM is started: the java binary running us, the caller's flags, a class path, and
 * {@link ParentWatch} in front of the real main class so the child ends with us, even when we die by
 * SIGKILL.
 *
 * <pre>
 * [prefix..] java [jvmFlags..] -Djava.awt.headless=true -cp CLASSPATH
 *     dev.crucible.launch.process.ParentWatch OUR_PID MAIN_CLASS [args..]
 * </pre>
 *
 * @param classpath the child's class path; it must hold ParentWatch's class
 */
public record ChildJvm(String classpath) {
    private static final Pattern HEAP = Pattern.compile("[1-9][0-9]*[kKmMgG]?");

    /**
     * A release's jars ({@code libs/*}) and the watchdog folder as the only class path: our own jar
     * carries a kafka-clients that would clash with the release's.
     *
     * @param libs the release's jar folder
     * @param watchRoot the folder {@link WatchdogClasspath#install} wrote
     */
    public static ChildJvm ofJars(Path libs, Path watchRoot) {
        // The java launcher expands "dir/*" to the jars in dir itself; no shell is involved.
        return new ChildJvm(watchRoot + File.pathSeparator + libs.toAbsolutePath() + File.separator + "*");
    }

    /** This JVM's own class path, every entry absolute, so the child may run in another directory. */
    public static ChildJvm ofThisJvm() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        return new ChildJvm(String.join(File.pathSeparator, entries));
    }

    /** The command line that runs {@code mainClass args} under ParentWatch, {@code prefix} before java. */
    public List<String> command(List<String> prefix, List<String> jvmFlags, String mainClass, String... args) {
        List<String> command = new ArrayList<>(prefix);
        command.add(javaBinary());
        command.addAll(jvmFlags);
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        command.add(classpath);
        command.add(ParentWatch.class.getName());
        command.add(Long.toString(ProcessHandle.current().pid()));
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    /** Starts a short-lived tool in {@code workDir}; its stdout and stderr replace {@code output}. */
    public Process start(Path workDir, Path output, List<String> jvmFlags, String mainClass, String... args)
            throws IOException {
        return new ProcessBuilder(command(List.of(), jvmFlags, mainClass, args))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
    }

    /** IllegalArgumentException unless {@code heap} is a size -Xmx takes, as 512m or 1g. */
    public static void requireHeap(String heap) {
        if (!HEAP.matcher(heap).matches()) {
            throw new IllegalArgumentException("heap must look like 512m or 1g, not '" + heap + "'");
        }
    }

    /** The java binary running us, so children get the same JDK. */
    public static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}

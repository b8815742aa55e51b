package dev.crucible.cli;

import dev.crucible.load.peer.ParentWatch;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs this same program again in a child JVM (for the embedded broker). */
final class SelfLauncher {
    private SelfLauncher() {}

    /**
     * java + this JVM's module flags + a 1 GiB heap + our class path + Crucible + {@code args}, under
     * ParentWatch so the child ends when this process does, even by SIGKILL.
     */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-exports") || a.startsWith("--add-opens")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-Xms1g", "-Xmx1g", "-cp", absolute(System.getProperty("java.class.path")), ParentWatch.class.getName(),
                Long.toString(ProcessHandle.current().pid()), Crucible.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** The class path with every entry absolute, so a child may run in another working directory. */
    private static String absolute(String classPath) {
        List<String> out = new ArrayList<>();
        for (String e : classPath.split(java.io.File.pathSeparator)) {
            out.add(e.isEmpty() ? e : java.nio.file.Path.of(e).toAbsolutePath().toString());
        }
        return String.join(java.io.File.pathSeparator, out);
    }

    /** ~/.cache/crucible (or -Dcrucible.cache.dir). */
    static Path defaultCacheDir() {
        return dev.crucible.load.peer.KafkaPeerSpec.defaultCacheDir();
    }
}

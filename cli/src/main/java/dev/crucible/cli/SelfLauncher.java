package dev.crucible.cli;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The command line that runs this same program again in a child JVM (for the embedded broker). */
final class SelfLauncher {
  private SelfLauncher() {}

  /** java + this JVM's module flags + a 1 GiB heap + our class path + Crucible + {@code args}. */
  static List<String> command(String... args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (a.startsWith("--add-exports") || a.startsWith("--add-opens")) {
        cmd.add(a);
      }
    }
    cmd.addAll(List.of("-Xms1g", "-Xmx1g", "-cp", System.getProperty("java.class.path"), Crucible.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }

  /** ~/.cache/crucible */
  static Path defaultCacheDir() {
    return Path.of(System.getProperty("user.home"), ".cache", "crucible");
  }
}

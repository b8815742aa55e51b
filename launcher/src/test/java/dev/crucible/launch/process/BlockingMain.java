package dev.crucible.launch.process;

import java.nio.file.Files;
import java.nio.file.Path;

/** Stand-in for a broker's main class in child JVMs: writes its arguments to a file, then blocks. */
public final class BlockingMain {

    private BlockingMain() {}

    /** {@code <outputFile> [words...]}: writes the words, then sleeps at most 60 s. */
    public static void main(String[] args) throws Exception {
        Files.writeString(Path.of(args[0]), String.join(" ", args));
        Thread.sleep(60_000);
    }
}

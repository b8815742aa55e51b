package dev.crucible.launch.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Puts {@link ParentWatch}'s class file, and nothing else of ours, in a folder a child JVM can have
 * on its classpath: our own jar carries kafka-clients 4.3.1, which would clash with the release a
 * peer runs.
 */
public final class WatchdogClasspath {

    private static final String CLASS_FILE = ParentWatch.class.getSimpleName() + ".class";

    private WatchdogClasspath() {}

    /** Writes {@code cacheDir/watch/dev/crucible/launch/process/ParentWatch.class}; returns {@code cacheDir/watch}. */
    public static Path install(Path cacheDir) throws IOException {
        Path root = cacheDir.resolve("watch").toAbsolutePath();
        Path target = root.resolve(ParentWatch.class.getName().replace('.', '/') + ".class");
        byte[] bytes;
        try (InputStream in = ParentWatch.class.getResourceAsStream(CLASS_FILE)) {
            if (in == null) {
                throw new IOException("cannot find " + CLASS_FILE + " among our own classes");
            }
            bytes = in.readAllBytes();
        }
        Files.createDirectories(target.getParent());
        // Write beside, then rename: another launcher may be starting a child from this file now.
        Path temp = Files.createTempFile(target.getParent(), CLASS_FILE, ".tmp");
        Files.write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return root;
    }
}

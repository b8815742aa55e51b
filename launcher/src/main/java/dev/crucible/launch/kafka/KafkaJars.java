package dev.crucible.launch.kafka;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.jar.JarFile;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Resolves the jars of one Apache Kafka release through Maven into a cache folder:
 *
 * <pre>
 * cacheDir/kafka-VERSION/
 *   pom.xml      generated: kafka_2.13 and the release's log backend
 *   maven.log    output of the last Maven run
 *   libs/        every runtime jar, the classpath of the nodes
 *   resolved     marker written after Maven succeeded; while it and the same pom.xml are there,
 *                Maven is not run again
 * </pre>
 *
 * A file lock serialises two launchers (processes) resolving the same release at once; the class
 * monitor serialises threads, which one JVM's file locks do not.
 */
final class KafkaJars {

    private static final String MARKER = "resolved";
    /** Pinned, so the result does not depend on which plugin version Maven would pick today. */
    private static final String DEPENDENCY_PLUGIN_VERSION = "3.8.1";

    private KafkaJars() {}

    /** The {@code libs} folder of {@code version}, resolving it first unless the cache has it. */
    static synchronized Path resolve(KafkaVersion version, Path cacheDir, Consumer<String> progress)
            throws IOException, InterruptedException {
        Path home = cacheDir.resolve("kafka-" + version).toAbsolutePath();
        Files.createDirectories(home);
        Path libs = home.resolve("libs");
        try (FileChannel lockFile = FileChannel.open(
                home.resolve(".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            lockFile.lock(); // released when the channel closes
            String pom = pom(version);
            if (cached(home, pom)) {
                progress.accept("using Apache Kafka " + version + " from " + libs);
                return libs;
            }
            progress.accept(
                    "resolving Apache Kafka " + version + " from Maven Central (cached in " + home + ")");
            Files.deleteIfExists(home.resolve(MARKER));
            deleteTree(libs);
            Files.writeString(home.resolve("pom.xml"), pom, StandardCharsets.UTF_8);
            MavenCopy.Failure failure = MavenCopy.run(home);
            if (failure != null) {
                throw notResolved(version, failure);
            }
            Files.writeString(home.resolve(MARKER), version + "\n", StandardCharsets.UTF_8);
            return libs;
        }
    }

    /** True if Maven completed for exactly this pom (a launcher that asks for other jars re-resolves). */
    private static boolean cached(Path home, String pom) throws IOException {
        Path existing = home.resolve("pom.xml");
        return Files.isRegularFile(home.resolve(MARKER))
                && Files.isDirectory(home.resolve("libs"))
                && Files.isRegularFile(existing)
                && Files.readString(existing, StandardCharsets.UTF_8).equals(pom);
    }

    /**
     * Main class of the storage tool ({@code kafka-storage.sh format}) in {@code libs}: found by
     * looking, not by version, so a release that moves it is still handled if it moved to a name
     * listed here.
     */
    static String storageToolMain(Path libs) throws IOException {
        List<String> candidates =
                List.of("kafka.tools.StorageTool", "org.apache.kafka.tools.StorageTool");
        try (Stream<Path> jars = Files.list(libs)) {
            for (Path jar : jars.filter(j -> j.toString().endsWith(".jar")).sorted().toList()) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    for (String name : candidates) {
                        if (file.getEntry(name.replace('.', '/') + ".class") != null) {
                            return name;
                        }
                    }
                }
            }
        }
        throw new IOException("no storage tool (" + candidates + ") in " + libs);
    }

    /** Turns a failed Maven run into the message a user needs: was the release missing? */
    private static IOException notResolved(KafkaVersion version, MavenCopy.Failure failure) {
        String said = failure.errors();
        boolean missing = said.contains("org.apache.kafka:kafka_2.13:jar:" + version)
                && (said.contains("Could not find artifact") || said.contains("was not found"));
        String why = missing
                ? "Apache Kafka " + version + " is not on Maven Central (no org.apache.kafka:kafka_2.13:"
                        + version + ")"
                : "Maven could not resolve Apache Kafka " + version;
        return new IOException(why + "; Maven said (full output in " + failure.log() + "):\n" + said);
    }

    private static String pom(KafkaVersion version) {
        StringBuilder deps = new StringBuilder();
        dependency(deps, "org.apache.kafka:kafka_2.13:" + version);
        // Not kafka-tools: neither the broker nor the storage tool (kafka.tools.StorageTool, in core)
        // needs it, and its connect-runtime tree doubles the jars every node JVM opens at start.
        for (String coordinates : version.logBinding().coordinates()) {
            dependency(deps, coordinates);
        }
        return """
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- Written by Crucible's peer launcher: the jars of one Apache Kafka release. -->
        <project xmlns="http://maven.apache.org/POM/4.0.0">
          <modelVersion>4.0.0</modelVersion>
          <groupId>dev.crucible.peer</groupId>
          <artifactId>kafka-%s</artifactId>
          <version>1</version>
          <packaging>pom</packaging>
          <dependencies>
        %s  </dependencies>
          <build>
            <plugins>
              <plugin>
                <groupId>org.apache.maven.plugins</groupId>
                <artifactId>maven-dependency-plugin</artifactId>
                <version>%s</version>
              </plugin>
            </plugins>
          </build>
        </project>
        """.formatted(version, deps, DEPENDENCY_PLUGIN_VERSION);
    }

    private static void dependency(StringBuilder out, String coordinates) {
        String[] parts = coordinates.split(":");
        out.append("    <dependency><groupId>").append(parts[0])
                .append("</groupId><artifactId>").append(parts[1])
                .append("</artifactId><version>").append(parts[2])
                .append("</version></dependency>\n");
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).toList()) {
                Files.delete(path);
            }
        }
    }
}

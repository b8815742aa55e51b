package dev.crucible.launch.kafka;

import dev.crucible.launch.process.ChildJvm;
import dev.crucible.launch.process.WatchdogClasspath;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Apache Kafka's own command-line tools of one release ({@code kafka-topics.sh}, {@code kafka-producer-perf-test.sh},
 * ...: the classes of {@code org.apache.kafka:kafka-tools}) as a child JVM. Class path: the release's jars as peers
 * use them ({@link KafkaCluster#fetch}, which leaves kafka-tools out) and the kafka-tools jar alone, copied by Maven
 * into {@code cacheDir/kafka-tools-VERSION/} once (every other jar the tools need is in the release, except
 * connect-runtime, which the topic and perf tools do not use).
 */
public final class KafkaTools {
    private static final String DEPENDENCY_PLUGIN = "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy";
    private static final long MAVEN_TIMEOUT_S = 600;

    private KafkaTools() {}

    /** The tools of {@code version}, resolving the release and kafka-tools first unless the cache has them. */
    public static ChildJvm resolve(String version, Path cacheDir, Consumer<String> progress) throws IOException, InterruptedException {
        Path libs = KafkaCluster.fetch(version, cacheDir, progress).libs();
        Path toolsJar = toolsJar(version, cacheDir, progress);
        Path watch = WatchdogClasspath.install(cacheDir);
        return new ChildJvm(String.join(File.pathSeparator, watch.toString(), toolsJar.toString(),
                libs.toAbsolutePath() + File.separator + "*"));
    }

    private static synchronized Path toolsJar(String version, Path cacheDir, Consumer<String> progress)
            throws IOException, InterruptedException {
        Path home = cacheDir.resolve("kafka-tools-" + version).toAbsolutePath();
        Path jar = home.resolve("kafka-tools-" + version + ".jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        progress.accept("resolving org.apache.kafka:kafka-tools:" + version + " from Maven Central (cached in " + home + ")");
        Files.createDirectories(home);
        Path copy = Files.createTempDirectory(home, "copy");
        Path log = home.resolve("maven.log");
        Process maven = new ProcessBuilder("mvn", "-B", "-q", "-Dstyle.color=never", DEPENDENCY_PLUGIN,
                "-Dartifact=org.apache.kafka:kafka-tools:" + version, "-DoutputDirectory=" + copy)
                .directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!maven.waitFor(MAVEN_TIMEOUT_S, TimeUnit.SECONDS) || maven.exitValue() != 0) {
                throw new IOException("Maven could not copy org.apache.kafka:kafka-tools:" + version + "; see " + log + ":\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } finally {
            maven.destroyForcibly();
        }
        // Another process may have put it there meanwhile: the move replaces one copy of the same jar with another.
        Files.move(copy.resolve(jar.getFileName()), jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.delete(copy);
        return jar;
    }
}

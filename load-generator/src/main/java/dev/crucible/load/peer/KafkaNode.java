package dev.crucible.load.peer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One node of a peer and its folder:
 *
 * <pre>
 * node-N/
 *   server.properties    written on every start
 *   log4j[2].properties  the release's log backend: everything to server.log, warnings to stdout
 *   data/                log.dirs (meta.properties once formatted)
 *   format.out           output of the storage tool
 *   kafka.out            stdout + stderr of the node JVM
 *   server.log           the broker's own log
 * </pre>
 */
final class KafkaNode {

    private static final long FORMAT_TIMEOUT_MS = 60_000;
    private static final int TAIL_LINES = 20;

    private final int index;
    private final Path dir;
    private final String logFlag;
    private final String heap;
    private final List<String> commandPrefix;
    private Process process;

    private KafkaNode(int index, Path dir, String logFlag, String heap, List<String> commandPrefix) {
        this.commandPrefix = List.copyOf(commandPrefix);
        this.index = index;
        this.dir = dir;
        this.logFlag = logFlag;
        this.heap = heap;
    }

    /** Creates node {@code index}'s folder and writes its configs. */
    static KafkaNode prepare(KafkaPeerSpec spec, KafkaVersion version, int index) throws IOException {
        Path dir = spec.dataDir().resolve("node-" + (index + 1)).toAbsolutePath();
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("server.properties"),
                ServerProperties.text(ServerProperties.of(spec, index, dir.resolve("data"))),
                StandardCharsets.UTF_8);
        LogBinding binding = version.logBinding();
        Path logConfig = dir.resolve(binding.configFileName());
        Files.writeString(logConfig, binding.config(dir.resolve("server.log")), StandardCharsets.UTF_8);
        return new KafkaNode(index, dir, binding.jvmFlag(logConfig), spec.heap(), spec.commandPrefix(index));
    }

    /** 1-based number, as in node.id and the folder name. */
    int number() {
        return index + 1;
    }

    /** True once the storage tool has written this node's meta.properties. */
    boolean formatted() {
        return Files.isRegularFile(dir.resolve("data").resolve("meta.properties"));
    }

    /** Starts the storage tool on this node's data with {@code clusterId}. */
    Process startFormat(ChildJvm jvm, String storageMain, String clusterId) throws IOException {
        // A short-lived tool: the quick compiler only and a small heap leave the CPU to its siblings.
        List<String> flags =
                List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", logFlag);
        return jvm.start(dir, dir.resolve("format.out"), flags, storageMain,
                "format", "-t", clusterId, "-c", dir.resolve("server.properties").toString());
    }

    /** Waits (bounded) for a format started by {@link #startFormat}; throws with its output if it failed. */
    void awaitFormat(Process format) throws IOException, InterruptedException {
        boolean done = format.waitFor(FORMAT_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        if (!done) {
            format.destroyForcibly();
        }
        if (!done || format.exitValue() != 0 || !formatted()) {
            throw new IOException("formatting node " + number()
                    + (done ? " failed (exit " + format.exitValue() + ")" : " took over 60 s")
                    + "; last lines of " + dir.resolve("format.out") + ":\n"
                    + FileTail.lastLines(dir.resolve("format.out"), TAIL_LINES));
        }
    }

    /** Starts the node JVM ({@code kafka.Kafka server.properties}). */
    Process start(ChildJvm jvm) throws IOException {
        // The GC settings of Kafka's own start script (kafka-run-class.sh), so a peer runs as shipped.
        List<String> flags = List.of("-Xms" + heap, "-Xmx" + heap, "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
                "-XX:+ExplicitGCInvokesConcurrent", logFlag);
        process = jvm.start(commandPrefix, dir, kafkaOut(), flags, "kafka.Kafka",
                dir.resolve("server.properties").toString());
        return process;
    }

    /** The node's folder. */
    Path dir() {
        return dir;
    }

    /** The node JVM, or null before {@link #start}. */
    Process process() {
        return process;
    }

    /** Where the node JVM's stdout and stderr go. */
    Path kafkaOut() {
        return dir.resolve("kafka.out");
    }

    /** The last lines of kafka.out, headed by where they come from, for error messages. */
    String tail() {
        return "last lines of " + kafkaOut() + ":\n" + FileTail.lastLines(kafkaOut(), TAIL_LINES);
    }
}

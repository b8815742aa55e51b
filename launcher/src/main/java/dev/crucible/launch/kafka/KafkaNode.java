package dev.crucible.launch.kafka;

import dev.crucible.launch.cluster.Launch;
import dev.crucible.launch.cluster.ProcessNode;
import dev.crucible.launch.process.ChildJvm;
import dev.crucible.launch.process.FileTail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Apache Kafka node (combined broker and controller, node.id = index + 1) and its folder:
 *
 * <pre>
 * node-N/
 *   server.properties    written when the cluster is prepared
 *   log4j[2].properties  the release's log backend: everything to server.log, warnings to stdout
 *   data/                log.dirs (meta.properties once formatted)
 *   format.out           output of the storage tool
 *   kafka.out            stdout + stderr of the node JVM, appended across restarts
 *   server.log           the broker's own log
 * </pre>
 */
public final class KafkaNode extends ProcessNode {

    private static final long FORMAT_TIMEOUT_MS = 60_000;
    private static final int TAIL_LINES = 20;

    private final Path dir;
    private final String logFlag;

    private KafkaNode(int index, Path dir, String logFlag, Launch launch) {
        super(index + 1, "node " + (index + 1), launch);
        this.dir = dir;
        this.logFlag = logFlag;
    }

    /** Creates node {@code index}'s folder, writes its configs and the command that runs it. */
    static KafkaNode prepare(KafkaPeerSpec spec, KafkaVersion version, int index, ChildJvm jvm) throws IOException {
        Path dir = spec.dataDir().resolve("node-" + (index + 1)).toAbsolutePath();
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("server.properties"),
                ServerProperties.text(ServerProperties.of(spec, index, dir.resolve("data"))),
                StandardCharsets.UTF_8);
        LogBinding binding = version.logBinding();
        Path logConfig = dir.resolve(binding.configFileName());
        Files.writeString(logConfig, binding.config(dir.resolve("server.log")), StandardCharsets.UTF_8);
        String logFlag = binding.jvmFlag(logConfig);
        // The GC settings of Kafka's own start script (kafka-run-class.sh), so a peer runs as shipped.
        List<String> flags = List.of("-Xms" + spec.heap(), "-Xmx" + spec.heap(), "-XX:+UseG1GC",
                "-XX:MaxGCPauseMillis=20", "-XX:InitiatingHeapOccupancyPercent=35",
                "-XX:+ExplicitGCInvokesConcurrent", logFlag);
        List<String> command = jvm.command(spec.commandPrefix(index), flags, "kafka.Kafka",
                dir.resolve("server.properties").toString());
        Launch launch = new Launch(command, dir, dir.resolve("kafka.out"), spec.host(index), spec.clientPort(index),
                dir.resolve("data"));
        return new KafkaNode(index, dir, logFlag, launch);
    }

    /** The node's folder (server.properties, data/, kafka.out). */
    public Path dir() {
        return dir;
    }

    /** True once the storage tool has written this node's meta.properties. */
    boolean formatted() {
        return Files.isRegularFile(dataDir().resolve("meta.properties"));
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
            throw new IOException("formatting " + name()
                    + (done ? " failed (exit " + format.exitValue() + ")" : " took over 60 s")
                    + "; last lines of " + dir.resolve("format.out") + ":\n"
                    + FileTail.lastLines(dir.resolve("format.out"), TAIL_LINES));
        }
    }
}

package dev.crucible.cli;

import dev.crucible.launch.kafka.KafkaTools;
import dev.crucible.launch.kafka.KafkaPeerSpec;
import dev.crucible.launch.process.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Apache Kafka's own {@code kafka-topics.sh} ({@code org.apache.kafka.tools.TopicCommand}) run as a
 * child JVM, as {@link KafkaTools} resolves it.
 */
final class KafkaTopicsTool {
    static final String MAIN = "org.apache.kafka.tools.TopicCommand";
    private static final long TOOL_TIMEOUT_S = 90;
    /** A partition line of --describe: "Topic: t  Partition: 0  Leader: 1  Replicas: 1  Isr: 1 ..."; Leader "none" without one. */
    private static final Pattern PARTITION = Pattern.compile(
            "(?m)^\\s*Topic: (\\S+)\\s+Partition: (\\d+)\\s+Leader: (\\S+)\\s+Replicas: (\\S*)\\s+Isr: (\\S*)");

    private final ChildJvm jvm;
    private final Path workDir;
    private int runs;

    private KafkaTopicsTool(ChildJvm jvm, Path workDir) {
        this.jvm = jvm;
        this.workDir = workDir;
    }

    /** What one run printed (stdout and stderr) and its exit code. */
    record Run(int exitCode, String output) {}

    /**
     * A partition as --describe shows it.
     *
     * @param leader the leader's node id, -1 for "none"
     */
    record Partition(int leader, List<Integer> replicas, List<Integer> isr) {}

    /** The cache dir the launcher's Kafka tests use too: -Dcrucible.cache.dir, else ~/.cache/crucible. */
    static Path cacheDir() {
        String dir = System.getProperty("crucible.cache.dir");
        return dir != null ? Path.of(dir) : KafkaPeerSpec.defaultCacheDir();
    }

    /** Resolves {@code version}'s jars and kafka-tools (once per cache); the tool writes its output files in {@code workDir}. */
    static KafkaTopicsTool resolve(String version, Path cacheDir, Path workDir) throws IOException, InterruptedException {
        ChildJvm jvm = KafkaTools.resolve(version, cacheDir, line -> System.out.println("kafka-topics: " + line));
        Files.createDirectories(workDir);
        return new KafkaTopicsTool(jvm, workDir);
    }

    /** Runs {@code TopicCommand args} to its end (bounded), stopping the JVM if it overruns. */
    Run run(String... args) throws IOException, InterruptedException {
        Path output = workDir.resolve("kafka-topics-" + (++runs) + ".out");
        long started = System.nanoTime();
        Process p = jvm.start(workDir, output, List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"), MAIN, args);
        try {
            if (!p.waitFor(TOOL_TIMEOUT_S, TimeUnit.SECONDS)) {
                throw new IOException("kafka-topics " + String.join(" ", args) + " did not end within " + TOOL_TIMEOUT_S + " s:\n"
                        + Files.readString(output, StandardCharsets.UTF_8));
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            System.out.printf("kafka-topics %s: exit %d in %d ms%n%s", String.join(" ", args), p.exitValue(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), text);
            return new Run(p.exitValue(), text);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The partitions of {@code topic} that {@code describeOutput} lists, by partition number. */
    static Map<Integer, Partition> partitions(String describeOutput, String topic) {
        Map<Integer, Partition> out = new TreeMap<>();
        Matcher m = PARTITION.matcher(describeOutput);
        while (m.find()) {
            if (m.group(1).equals(topic)) {
                int leader = m.group(3).equals("none") ? -1 : Integer.parseInt(m.group(3));
                out.put(Integer.parseInt(m.group(2)), new Partition(leader, ids(m.group(4)), ids(m.group(5))));
            }
        }
        return out;
    }

    private static List<Integer> ids(String list) {
        List<Integer> ids = new ArrayList<>();
        for (String id : list.split(",")) {
            if (!id.isEmpty()) {
                ids.add(Integer.parseInt(id));
            }
        }
        return ids;
    }
}

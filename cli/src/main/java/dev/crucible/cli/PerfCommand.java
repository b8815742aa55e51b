package dev.crucible.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crucible.launch.BrokerOverrides;
import dev.crucible.launch.LaunchedTarget;
import dev.crucible.launch.Targets;
import dev.crucible.launch.kafka.KafkaPeerSpec;
import dev.crucible.launch.kafka.KafkaTools;
import dev.crucible.launch.process.ChildJvm;
import dev.crucible.launch.process.SelfCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code crucible perf}: Apache Kafka's own perf tools (ProducerPerformance, ConsumerPerformance, EndToEndLatency of
 * a chosen release, from Maven Central) against each target in turn, a fresh broker per run, rounds interleaved
 * (A, B, A, B, ...), the broker's CPU time from /proc around each tool run. Clients we did not write measuring
 * brokers side by side: the medians and their ratios are what the performance claims rest on.
 */
@Command(
        name = "perf",
        sortOptions = false,
        header = "Run Apache Kafka's own perf tools against brokers side by side: throughput, latency, broker CPU per GiB.",
        description = {
            "Each round starts every target afresh (embedded = broker-ref, kafka:VERSION, or a bootstrap:HOST:PORT"
                    + " you run), creates the topic, runs the tool to its end and stops the target; rounds interleave the"
                    + " targets so drift on a shared machine hits all alike. Prints each run and a table of medians with"
                    + " the ratio of each target to the first; writes perf.json and the tools' output under --out."
        })
public final class PerfCommand implements Callable<Integer> {
    private static final String TOPIC = "perf";
    private static final long TOOL_TIMEOUT_MIN = 30;
    private static final double GIB = 1024.0 * 1024 * 1024;

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Option(names = "--target", paramLabel = "TARGET", split = ",", defaultValue = "embedded,kafka:4.3.1",
            description = "Targets, compared with the first (default: ${DEFAULT-VALUE}); embedded/3 or kafka:V/3 for 3 nodes.")
    private List<String> targets;

    @Option(names = "--test", paramLabel = "produce|consume|e2e", defaultValue = "produce",
            description = "produce: ProducerPerformance; consume: ConsumerPerformance over a topic produced first (not"
                    + " measured); e2e: EndToEndLatency (default: ${DEFAULT-VALUE}).")
    private String test;

    @Option(names = "--records", paramLabel = "N",
            description = "Records per run (default: 2,000,000; e2e 20,000).")
    private Long records;

    @Option(names = "--record-size", paramLabel = "BYTES", defaultValue = "1024", description = "(default: ${DEFAULT-VALUE}).")
    private int recordSize;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "6",
            description = "Partitions of the topic (default: ${DEFAULT-VALUE}; e2e always 1).")
    private int partitions;

    @Option(names = "--acks", paramLabel = "ACKS", description = "Producer acks (default: 1; e2e all).")
    private String acks;

    @Option(names = "--client-config", paramLabel = "KEY=VALUE",
            description = "A producer setting for ProducerPerformance, e.g. linger.ms=5 or batch.size=65536 (repeatable).")
    private Map<String, String> clientConfig = new LinkedHashMap<>();

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3", description = "Interleaved rounds (default: ${DEFAULT-VALUE}).")
    private int rounds;

    @Option(names = "--tools", paramLabel = "VERSION", defaultValue = "4.3.1",
            description = "Apache Kafka release whose tools run (default: ${DEFAULT-VALUE}).")
    private String toolsVersion;

    @Option(names = "--broker-config", paramLabel = "[embedded:|kafka:]KEY=VALUE",
            description = "A server setting for every broker launched, e.g. embedded:log.flush.policy=always or"
                    + " kafka:log.flush.interval.messages=1 (repeatable).")
    private List<String> brokerConfig;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results", description = "(default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where Apache Kafka jars are cached (default: ~/.cache/crucible).")
    private Path cacheDir;

    @Option(names = "--keep-data", description = "Keep each broker's data directory after its run (by default only the logs and"
            + " the tools' output stay: a 2 M x 1 KiB run leaves 2 GiB of segments per broker).")
    private boolean keepData;

    /** Deletes every directory named {@code data} under {@code dir} (a stopped broker's log directories). */
    static void dropData(Path dir) throws IOException {
        List<Path> data;
        try (var walk = Files.walk(dir)) {
            data = walk.filter(p -> Files.isDirectory(p) && p.getFileName().toString().equals("data")).toList();
        }
        for (Path d : data) {
            if (Files.exists(d)) { // not inside one deleted already
                dev.crucible.io.LogFiles.deleteRecursively(d);
            }
        }
    }

    /** One tool run against one target. */
    record Run(String target, String version, int round, PerfTool.Summary summary, double brokerCpuSeconds, double cpuSecondsPerGib,
               double wallSeconds) {}

    @Override
    public Integer call() throws Exception {
        PrintWriter o = spec.commandLine().getOut();
        PerfTool tool;
        try {
            tool = PerfTool.of(test);
            validate(tool);
            targets.forEach(Targets::check);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("crucible perf: " + e.getMessage());
            return 2;
        }
        long n = records != null ? records : tool == PerfTool.E2E ? 20_000 : 2_000_000;
        String ack = acks != null ? acks : tool == PerfTool.E2E ? "all" : "1";
        int parts = tool == PerfTool.E2E ? 1 : partitions;
        Path cache = cacheDir == null ? KafkaPeerSpec.defaultCacheDir() : cacheDir;
        Path runDir = out.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-perf-" + tool.label());
        Files.createDirectories(runDir);
        o.println("crucible perf: " + tool.label() + " (" + tool.mainClass + " " + toolsVersion + "), " + n + " records of "
                + recordSize + " B, " + parts + " partition(s), acks=" + ack + (clientConfig.isEmpty() ? "" : ", " + clientConfig)
                + "; " + rounds + " round(s) of " + targets + "; results in " + runDir);
        o.flush();
        ChildJvm tools;
        try {
            tools = KafkaTools.resolve(toolsVersion, cache, line -> {
                o.println("  " + line);
                o.flush();
            });
        } catch (IOException e) {
            spec.commandLine().getErr().println("crucible perf: the tools of Apache Kafka " + toolsVersion + " cannot be had: "
                    + e.getMessage());
            return 1;
        }
        List<Run> runs = new ArrayList<>();
        BrokerOverrides overrides = BrokerOverrides.of(brokerConfig);
        for (int round = 1; round <= rounds; round++) {
            for (int i = 0; i < targets.size(); i++) {
                String target = targets.get(i);
                Path dir = runDir.resolve("round-" + round).resolve(i + "-" + target.replaceAll("[^A-Za-z0-9.]+", "-"));
                Files.createDirectories(dir);
                o.println("round " + round + "/" + rounds + ": " + target);
                o.flush();
                try (LaunchedTarget t = Targets.launch(target, SelfCommand.of(Crucible.class.getName(), "broker"), dir, cache,
                        overrides, o)) {
                    Run run = runOnce(tool, tools, t, target, round, dir, n, ack, parts);
                    runs.add(run);
                    o.println("  " + describe(tool, run));
                    o.flush();
                } catch (IOException | IllegalArgumentException e) {
                    spec.commandLine().getErr().println("crucible perf: " + target + ", round " + round + ": " + e.getMessage());
                    write(runDir, tool, runs);
                    return 1;
                }
                if (!keepData) {
                    dropData(dir);
                }
            }
        }
        write(runDir, tool, runs);
        table(o, tool, runs);
        o.println("wrote " + runDir.resolve("perf.json"));
        o.flush();
        return 0;
    }

    private void validate(PerfTool tool) {
        if (rounds < 1 || recordSize < 1 || partitions < 1 || records != null && records < 1) {
            throw new IllegalArgumentException("--rounds, --records, --record-size and --partitions must be at least 1");
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("no --target");
        }
        tool.arguments("x", TOPIC, 1, recordSize, "1", clientConfig); // refuses client settings the tool cannot take
    }

    private Run runOnce(PerfTool tool, ChildJvm tools, LaunchedTarget t, String target, int round, Path dir, long n, String ack,
                        int parts) throws IOException {
        try {
            createTopic(t.bootstrap(), parts, replicas(target));
            if (tool == PerfTool.CONSUME) {
                runTool(PerfTool.PRODUCE, tools, dir.resolve("fill.out"), PerfTool.PRODUCE.arguments(t.bootstrap(), TOPIC, n,
                        recordSize, "1", Map.of()));
            }
            long cpu0 = t.cpuNanos();
            long t0 = System.nanoTime();
            PerfTool.Summary s = runTool(tool, tools, dir.resolve(tool.label() + ".out"),
                    tool.arguments(t.bootstrap(), TOPIC, n, recordSize, ack, clientConfig));
            double wall = (System.nanoTime() - t0) / 1e9;
            long cpu1 = t.cpuNanos();
            double cpu = cpu0 < 0 || cpu1 < 0 ? -1 : (cpu1 - cpu0) / 1e9;
            double gib = (double) n * recordSize / GIB;
            return new Run(target, t.version(), round, s, cpu, cpu < 0 ? -1 : cpu / gib, wall);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static int replicas(String target) {
        int slash = target.lastIndexOf('/');
        return slash < 0 ? 1 : Math.min(3, Integer.parseInt(target.substring(slash + 1)));
    }

    private static void createTopic(String bootstrap, int partitions, int replicas) throws IOException, InterruptedException {
        Map<String, Object> c = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
        try (Admin admin = Admin.create(c)) {
            Map<String, String> configs = replicas > 1 ? Map.of("min.insync.replicas", "2") : Map.of();
            admin.createTopics(List.of(new NewTopic(TOPIC, partitions, (short) replicas).configs(configs))).all().get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("could not create topic " + TOPIC + ": " + e.getMessage(), e);
        }
    }

    private static PerfTool.Summary runTool(PerfTool tool, ChildJvm tools, Path output, List<String> args)
            throws IOException, InterruptedException {
        Process p = tools.start(output.getParent(), output, List.of("-Xmx512m"), tool.mainClass, args.toArray(String[]::new));
        try {
            if (!p.waitFor(TOOL_TIMEOUT_MIN, TimeUnit.MINUTES)) {
                throw new IOException(tool.mainClass + " did not end within " + TOOL_TIMEOUT_MIN + " min; its output: " + output);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IOException(tool.mainClass + " exited with " + p.exitValue() + "; its output (" + output + ") ends:\n"
                        + PerfTool.tail(text));
            }
            return tool.parse(text);
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String describe(PerfTool tool, Run r) {
        PerfTool.Summary s = r.summary();
        String cpu = r.brokerCpuSeconds() < 0 ? "broker CPU unknown (not launched here)"
                : String.format(Locale.ROOT, "broker CPU %.1f s = %.2f s/GiB", r.brokerCpuSeconds(), r.cpuSecondsPerGib());
        if (tool == PerfTool.E2E) {
            return String.format(Locale.ROOT, "%s: e2e avg %.2f ms, p50 %.0f, p99 %.0f, p99.9 %.0f ms; %s", r.version(), s.avgMs(),
                    s.p50Ms(), s.p99Ms(), s.p999Ms(), cpu);
        }
        String latency = tool == PerfTool.PRODUCE ? String.format(Locale.ROOT, ", p50 %.0f / p99 %.0f / p99.9 %.0f ms", s.p50Ms(),
                s.p99Ms(), s.p999Ms()) : "";
        return String.format(Locale.ROOT, "%s: %,.0f records/s (%.1f MB/s)%s; %s", r.version(), s.recordsPerSec(), s.mbPerSec(),
                latency, cpu);
    }

    /** Medians per target, and each target's ratio to the first. */
    static Map<String, double[]> medians(List<Run> runs, List<String> targets) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String t : targets) {
            List<Run> mine = runs.stream().filter(r -> r.target().equals(t)).toList();
            if (mine.isEmpty()) {
                continue;
            }
            out.put(t, new double[] {median(mine, r -> r.summary().recordsPerSec()), median(mine, r -> r.summary().mbPerSec()),
                median(mine, r -> r.summary().p50Ms()), median(mine, r -> r.summary().p99Ms()), median(mine, r -> r.summary().p999Ms()),
                median(mine, Run::cpuSecondsPerGib)});
        }
        return out;
    }

    static double median(List<Run> runs, java.util.function.ToDoubleFunction<Run> f) {
        double[] v = runs.stream().mapToDouble(f).sorted().toArray();
        if (v.length == 0) {
            return -1;
        }
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private void table(PrintWriter o, PerfTool tool, List<Run> runs) {
        Map<String, double[]> m = medians(runs, targets);
        o.println();
        o.println("medians over " + rounds + " round(s):");
        o.printf(Locale.ROOT, "%-22s %14s %9s %9s %9s %9s %14s%n", "target", "records/s", "MB/s", "p50 ms", "p99 ms", "p99.9 ms",
                "CPU-s per GiB");
        double[] first = m.values().iterator().next();
        for (Map.Entry<String, double[]> e : m.entrySet()) {
            double[] v = e.getValue();
            o.printf(Locale.ROOT, "%-22s %14s %9s %9s %9s %9s %14s%n", e.getKey(), cell("%,.0f", v[0]), cell("%.1f", v[1]),
                    cell("%.1f", v[2]), cell("%.1f", v[3]), cell("%.1f", v[4]), cell("%.2f", v[5]));
        }
        for (Map.Entry<String, double[]> e : m.entrySet()) {
            if (e.getValue() != first) {
                double[] v = e.getValue();
                o.printf(Locale.ROOT, "%-22s %14s %9s %9s %9s %9s %14s%n", "ratio " + targets.get(0) + " / " + e.getKey(),
                        ratio(first[0], v[0]), ratio(first[1], v[1]), ratio(first[2], v[2]), ratio(first[3], v[3]),
                        ratio(first[4], v[4]), ratio(first[5], v[5]));
            }
        }
        if (tool == PerfTool.CONSUME) {
            o.println("(the consumer tool reports no latency)");
        }
    }

    /** A figure, or "-" where the tool gives none (negative). */
    private static String cell(String format, double v) {
        return v < 0 ? "-" : String.format(Locale.ROOT, format, v);
    }

    private static String ratio(double a, double b) {
        return a < 0 || b <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", a / b);
    }

    private void write(Path runDir, PerfTool tool, List<Run> runs) throws IOException {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("test", tool.label());
        doc.put("tool", tool.mainClass + " " + toolsVersion);
        doc.put("targets", targets);
        doc.put("rounds", rounds);
        doc.put("recordSize", recordSize);
        doc.put("clientConfig", clientConfig);
        doc.put("brokerConfig", brokerConfig == null ? List.of() : brokerConfig);
        doc.put("runs", runs);
        Map<String, Object> med = new LinkedHashMap<>();
        medians(runs, targets).forEach((t, v) -> med.put(t, Map.of("recordsPerSec", v[0], "mbPerSec", v[1], "p50Ms", v[2],
                "p99Ms", v[3], "p999Ms", v[4], "cpuSecondsPerGib", v[5])));
        doc.put("medians", med);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(runDir.resolve("perf.json").toFile(), doc);
    }
}

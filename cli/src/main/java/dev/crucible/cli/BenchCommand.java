package dev.crucible.cli;

import dev.crucible.launch.BrokerOverrides;
import dev.crucible.launch.Targets;
import dev.crucible.launch.kafka.KafkaPeerSpec;
import dev.crucible.launch.process.SelfCommand;
import dev.crucible.load.run.Bench;
import dev.crucible.load.run.BenchRequest;
import dev.crucible.load.workload.WorkloadOverrides;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code crucible bench}: an open-loop benchmark of one or more broker targets (module load-generator). */
@Command(
        name = "bench",
        sortOptions = false,
        header = "Benchmark a Kafka-protocol broker: open-loop load, HDR latency.",
        description = {
            "Latency is measured from each message's intended send time, so a stalled broker shows up"
                    + " as latency (response time); service time (from the actual send) and send delay are"
                    + " recorded beside it. Writes a result directory that 'crucible report' reads.",
            "Exit status: 0 complete, 1 the target could not be used, 2 bad arguments or files, 3 a run ended"
                    + " INCOMPLETE, 4 a run missed its rate."
        })
public final class BenchCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Parameters(
            arity = "0..1",
            paramLabel = "WORKLOAD.yaml",
            description = "Workload (OpenMessaging Benchmark workload format; default: built-in 1 topic x 6"
                    + " partitions, 1 KiB at 10,000 msg/s, 10s warm-up + 50s). See workloads/.")
    private Path workload;

    @Option(
            names = "--driver",
            paramLabel = "DRIVER.yaml",
            description = "Client settings in OMB's Kafka driver format (producerConfig, consumerConfig,"
                    + " topicConfig, commonConfig, replicationFactor). Default: acks=all, linger.ms=1.")
    private Path driver;

    @Option(
            names = "--target",
            paramLabel = "TARGET",
            split = ",(?=embedded|kafka:|bootstrap:|noop)",
            description = {
                "Broker(s) under test, comma-separated to compare: embedded (broker-ref in a child JVM, the"
                        + " default), kafka:VERSION (Apache Kafka from Maven Central, started on loopback),"
                        + " bootstrap:HOST:PORT[,HOST:PORT..] (a running cluster) or noop (no broker: the"
                        + " generator's own ceiling). embedded/N and kafka:VERSION/N launch N nodes (see --nodes)."
            })
    private List<String> targets;

    @Option(
            names = "--nodes",
            paramLabel = "N",
            defaultValue = "1",
            description = "Nodes of every target Crucible launches: embedded becomes a cluster of N broker-ref"
                    + " processes (as 'crucible cluster' starts it), kafka:VERSION runs 1 or 3 nodes; the bootstrap"
                    + " list names them all and run.json's target version says how many. Without --target: embedded"
                    + " (default: ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(
            names = "--broker-config",
            paramLabel = "[embedded:|kafka:]KEY=VALUE",
            description = "A server setting for every broker Crucible launches (embedded nodes and kafka:VERSION nodes),"
                    + " applied after Crucible's own so it wins, e.g. replication.fsync=false; embedded:KEY=VALUE or"
                    + " kafka:KEY=VALUE for one kind only (repeatable; run.json records them under target.brokerConfig).")
    private List<String> brokerConfig;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Measured time after the warm-up, e.g. 60s, 5m (default: the workload's).")
    private Duration duration;

    @Option(
            names = "--warmup",
            paramLabel = "TIME",
            converter = DurationConverter.class,
            description = "Warm-up whose latencies are not recorded (default: the workload's).")
    private Duration warmup;

    @Option(
            names = "--rate",
            paramLabel = "MSGS_PER_S",
            description = "Total send rate in messages per second, 'max' (flat out) or 'search' (find the"
                    + " highest sustainable rate); default: the workload's producerRate.")
    private String rate;

    @Option(names = "--poisson", description = "Poisson arrivals (exponential gaps) instead of evenly spaced sends.")
    private boolean poisson;

    @Option(
            names = "--max-outstanding",
            paramLabel = "N",
            description = "Most unacknowledged messages per producer; beyond it the schedule waits and the"
                    + " wait shows as response time (default: the workload's, 1000).")
    private Integer maxOutstanding;

    @Option(
            names = "--workers",
            paramLabel = "HOST:PORT[=ROLE]",
            split = ",",
            description = "'crucible worker' agents that run the load (ROLE producer, consumer or both);"
                    + " default: none, all load from this process.")
    private List<String> workers;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "1",
            description = "Runs per target, interleaved across targets (default: ${DEFAULT-VALUE}).")
    private int repeat;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            defaultValue = "results",
            description = "Parent directory of the run's result directory (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--name", paramLabel = "NAME", description = "Result directory suffix (default: workload and target).")
    private String name;

    @Option(names = "--label", paramLabel = "TEXT",
            description = "Label that groups runs in reports (default: target and version; the embedded broker adds the git revision).")
    private String label;

    @Option(names = "--live-every", paramLabel = "TIME", defaultValue = "5s", converter = DurationConverter.class,
            description = "How often the live line prints (default: ${DEFAULT-VALUE}).")
    private Duration liveEvery;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Where Apache Kafka jars are cached (default: ~/.cache/crucible).")
    private Path cacheDir;

    @Override
    public Integer call() throws Exception {
        try {
            BenchRequest req = new BenchRequest(workload, driver, launchTargets(),
                    new WorkloadOverrides(duration, warmup, rate, poisson, maxOutstanding), workers, repeat, out, name, label,
                    liveEvery, SelfCommand.of(Crucible.class.getName(), "broker"),
                    cacheDir == null ? KafkaPeerSpec.defaultCacheDir() : cacheDir, BrokerOverrides.of(brokerConfig));
            return new Bench(req, spec.commandLine().getOut(), new BenchReports()).run();
        } catch (IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println("crucible bench: " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            spec.commandLine().getErr().println("crucible bench: cannot run: " + e.getMessage());
            return 1;
        }
    }

    /** For tests: the parsed targets. */
    List<String> targets() {
        return targets == null ? new ArrayList<>() : targets;
    }

    /**
     * The targets as the bench gets them: each with the node count of {@code --nodes}
     * ({@code embedded/3}); none given and several nodes asked for, the embedded broker.
     */
    List<String> launchTargets() {
        List<String> given = nodes != 1 && targets().isEmpty() ? List.of("embedded") : targets();
        return given.stream().map(t -> Targets.withNodes(t, nodes)).toList();
    }
}

package dev.crucible.cli;

import dev.crucible.broker.config.BrokenMode;
import dev.crucible.chaos.ChaosRun;
import dev.crucible.chaos.ChaosSpec;
import dev.crucible.chaos.Cleanup;
import dev.crucible.chaos.Nemeses;
import dev.crucible.launch.BrokerOverrides;
import dev.crucible.launch.kafka.KafkaPeerSpec;
import dev.crucible.launch.process.SelfCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crucible chaos}: a Jepsen-style run with faults, then a history check (module chaos). */
@Command(
        name = "chaos",
        sortOptions = false,
        header = "Inject faults while clients run, then check the history they recorded.",
        description = {
            "Starts the target (or connects to it), runs producers (acks=all, idempotent) that send unique"
                    + " values and consumers (assign-mode readers and group members) that read them back, while"
                    + " a nemesis kills, pauses, partitions or slows the nodes on a schedule. Every operation goes"
                    + " into a history; after healing, a final read takes every partition to its end and the"
                    + " history is checked for lost, duplicated, reordered or garbage messages.",
            "Exit: 0 the target kept its promises, 1 anomalies found or the target crashed or stopped answering, 2 bad"
                    + " input, 3 the target did not start."
        })
public final class ChaosCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Option(names = "--target", paramLabel = "TARGET", defaultValue = "embedded",
            description = "embedded (broker-ref nodes as processes), kafka:VERSION (Apache Kafka, 1 or 3 nodes),"
                    + " bootstrap:HOST:PORT,.. (a running cluster: only client-side faults). Default: ${DEFAULT-VALUE}.")
    private String target;

    @Option(names = "--nodes", paramLabel = "N",
            description = "Nodes to launch (default: 1). embedded: more than 1 is one broker-ref cluster whose quorum (the"
                    + " first 1, 3 or 5 nodes) talks on the nodes' own ports, not through the fault proxies; kafka: 1 or 3.")
    private Integer nodes;

    @Option(names = "--time", paramLabel = "TIME", defaultValue = "60s", converter = DurationConverter.class,
            description = "How long clients run while faults are injected (default: ${DEFAULT-VALUE}).")
    private Duration time;

    @Option(names = "--nemesis", paramLabel = "FAULT", split = ",", defaultValue = "kill,pause,proxy",
            description = "Faults, taken in turn (default: ${DEFAULT-VALUE}); 'none' for none. 'help' lists them.")
    private List<String> nemeses;

    @Option(names = "--interval", paramLabel = "TIME", defaultValue = "10s", converter = DurationConverter.class,
            description = "Quiet time, then fault time, of each fault (default: ${DEFAULT-VALUE}).")
    private Duration interval;

    @Option(names = "--schedule", paramLabel = "FILE",
            description = "A JSON fault schedule instead of --nemesis/--interval (see README; Trogdor fault specs accepted).")
    private Path schedule;

    @Option(names = "--broken", paramLabel = "MODE",
            description = "Run broker-ref in a deliberately broken mode, to see the checker catch it; 'help' lists them.")
    private String broken;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
    private long seed;

    @Option(names = "--keys", paramLabel = "N", defaultValue = "4",
            description = "Keys = partitions of the run's topic (default: ${DEFAULT-VALUE}).")
    private int keys;

    @Option(names = "--producers", paramLabel = "N", defaultValue = "3",
            description = "Producer processes (default: ${DEFAULT-VALUE}).")
    private int producers;

    @Option(names = "--assigners", paramLabel = "N", defaultValue = "2",
            description = "Assign-mode consumers (default: ${DEFAULT-VALUE}).")
    private int assigners;

    @Option(names = "--members", paramLabel = "N", defaultValue = "2",
            description = "Consumer-group members (default: ${DEFAULT-VALUE}).")
    private int members;

    @Option(names = "--rate", paramLabel = "N", defaultValue = "200",
            description = "Sends per second, all producers together (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = "--allow", paramLabel = "ANOMALY", split = ",",
            description = "Anomaly types to tolerate (e.g. unseen).")
    private List<String> allow = new ArrayList<>();

    @Option(names = "--edn", description = "Also write the history as Jepsen EDN (history.edn).")
    private boolean edn;

    @Option(names = "--final-read", paramLabel = "TIME", defaultValue = "60s", converter = DurationConverter.class,
            description = "Bound of the final read phase (default: ${DEFAULT-VALUE}).")
    private Duration finalRead;

    @Option(names = "--client-config", paramLabel = "KEY=VALUE",
            description = "A kafka-clients setting for every client (repeatable; e.g. security for bootstrap targets).")
    private Map<String, String> clientConfig = new LinkedHashMap<>();

    @Option(names = "--broker-config", paramLabel = "[embedded:|kafka:]KEY=VALUE",
            description = "A server setting for every broker the run launches (broker-ref and Apache Kafka nodes), applied after"
                    + " Crucible's own so it wins, e.g. replication.fsync=false; embedded:KEY=VALUE or kafka:KEY=VALUE for one"
                    + " kind only (repeatable; run.json records them under target.brokerConfig).")
    private List<String> brokerConfig;

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where Apache Kafka releases are cached.")
    private Path cacheDir;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Parent directory of the run directory (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--no-report", description = "Do not render report.html.")
    private boolean noReport;

    @Option(names = "--cleanup",
            description = "Remove network namespaces, links, rules and data-disk mounts left by an earlier run that was killed, then exit.")
    private boolean cleanup;

    @Override
    public Integer call() throws Exception {
        java.io.PrintWriter o = spec.commandLine().getOut();
        java.io.PrintWriter err = spec.commandLine().getErr();
        if ("help".equals(broken)) {
            BrokenMode.names().forEach(o::println);
            o.flush();
            return 0;
        }
        if (nemeses.contains("help")) {
            Nemeses.HELP.forEach((n, h) -> o.printf("%-14s %s%n", n, h));
            o.flush();
            return 0;
        }
        if (cleanup) {
            o.println(Cleanup.leftovers());
            o.flush();
            return 0;
        }
        ChaosSpec chaos;
        try {
            if (broken != null) {
                BrokenMode.parse(broken);
                if (!target.equals("embedded")) {
                    throw new IllegalArgumentException("--broken applies to broker-ref only (--target embedded)");
                }
            }
            List<String> faults = nemeses.equals(List.of("none")) ? List.of() : nemeses;
            int n = nodes != null ? nodes : 1;
            chaos = new ChaosSpec(target, n, time, faults, interval, schedule, seed, keys, producers, assigners, members,
                    rate, broken, out, edn, allow == null ? List.of() : allow, SelfCommand.of(Crucible.class.getName(), "broker"),
                    cacheDir == null ? KafkaPeerSpec.defaultCacheDir() : cacheDir, new LinkedHashMap<>(clientConfig), finalRead,
                    BrokerOverrides.of(brokerConfig));
        } catch (IllegalArgumentException e) {
            err.println("crucible chaos: " + e.getMessage());
            err.flush();
            return ChaosRun.BAD_INPUT;
        }
        ChaosRun run = new ChaosRun(chaos, o, noReport ? null : new ChaosReports());
        try {
            return run.run().exitCode();
        } catch (IllegalArgumentException | java.io.IOException e) {
            err.println("crucible chaos: " + e.getMessage());
            err.flush();
            return ChaosRun.BAD_INPUT;
        }
    }
}

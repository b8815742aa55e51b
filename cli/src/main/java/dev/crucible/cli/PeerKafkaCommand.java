package dev.crucible.cli;

import dev.crucible.launch.kafka.KafkaCluster;
import dev.crucible.launch.kafka.KafkaPeerSpec;
import dev.crucible.launch.process.Foreground;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code crucible peer kafka}: starts Apache Kafka of a chosen version on loopback (module launcher). */
@Command(
        name = "kafka",
        sortOptions = false,
        header = "Start Apache Kafka (KRaft, 1 or 3 nodes) of a given version on loopback.",
        description = {
            "The release's jars are resolved from Maven Central through Maven and cached; each node is one"
                    + " JVM acting as controller and broker, formatted on first use. Runs in the foreground until"
                    + " Ctrl-C; the nodes also stop if this process is killed. Reach it with"
                    + " 'crucible bench --target bootstrap:127.0.0.1:PORT'. Versions 3.3 and later."
        })
public final class PeerKafkaCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Option(names = "--version", paramLabel = "VERSION", defaultValue = "4.3.1",
            description = "Apache Kafka release to run (default: ${DEFAULT-VALUE}).")
    private String kafkaVersion;

    @Option(names = "--nodes", paramLabel = "N", defaultValue = "1", description = "1 or 3 nodes (default: ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "19092",
            description = "Client port of node 1; node i uses PORT+i-1, controllers PORT+100.. (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "data/kafka-peer",
            description = "Directory for the nodes' logs; reused when already formatted (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--heap", paramLabel = "SIZE", defaultValue = "1g", description = "Heap of each node (default: ${DEFAULT-VALUE}).")
    private String heap;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A server.properties setting for every node (repeatable).")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--cache-dir", paramLabel = "DIR", description = "Where release jars are cached (default: ~/.cache/crucible).")
    private Path cacheDir;

    @Option(names = "--fetch",
            description = "Only resolve the release into the cache and print 'libs=DIR' and 'storage-tool=CLASS'"
                    + " (for deployments that start the nodes themselves, e.g. ansible/), then exit.")
    private boolean fetch;

    @Override
    public Integer call() throws Exception {
        if (fetch) {
            try {
                KafkaCluster.Release r = KafkaCluster.fetch(kafkaVersion,
                        cacheDir == null ? KafkaPeerSpec.defaultCacheDir() : cacheDir, line -> spec.commandLine().getErr().println(line));
                spec.commandLine().getOut().println("libs=" + r.libs().toAbsolutePath());
                spec.commandLine().getOut().println("storage-tool=" + r.storageToolMain());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("crucible peer kafka: " + e.getMessage());
                return 2;
            }
        }
        KafkaCluster peer;
        try {
            KafkaPeerSpec s = new KafkaPeerSpec(kafkaVersion, nodes, port, dataDir,
                    cacheDir == null ? KafkaPeerSpec.defaultCacheDir() : cacheDir, overrides, heap);
            peer = KafkaCluster.start(s, line -> spec.commandLine().getOut().println(line));
        } catch (IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println("crucible peer kafka: " + e.getMessage());
            return 2;
        }
        Foreground foreground = Foreground.closeAtExit("crucible-peer-stop", peer);
        spec.commandLine().getOut().println("Apache Kafka " + peer.version() + " ready at " + peer.bootstrap()
                + " (pids " + peer.pids() + "); Ctrl-C stops it");
        spec.commandLine().getOut().flush();
        foreground.await();
        return 0;
    }
}

package dev.crucible.cli;

import dev.crucible.broker.Broker;
import dev.crucible.broker.config.BrokenMode;
import dev.crucible.broker.config.BrokerConfig;
import dev.crucible.broker.config.BrokerSettings;
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

/** {@code crucible broker}: runs the Kafka-protocol reference broker (module broker-ref). */
@Command(
        name = "broker",
        sortOptions = false,
        header = "Run the Kafka-protocol reference broker in the foreground.",
        description =
                "Serves the Kafka protocol on --port and keeps its partition logs under --data-dir,"
                        + " until interrupted (Ctrl-C or SIGTERM stop it cleanly; every log is flushed)."
                        + " Settings come from --config (server.properties keys, listed below), then --set,"
                        + " then the flags.")
public final class BrokerCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Option(names = "--config", paramLabel = "FILE", description = "Broker configuration file (properties).")
    private Path config;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Port the primary (first data) listener binds; other listeners keep theirs"
                    + " (default: from listeners, else 9092).")
    private Integer port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description = "Directory for the partition logs (default: from log.dirs, else data/broker).")
    private Path dataDir;

    @Option(
            names = "--node-id",
            paramLabel = "N",
            description = "Id of this broker in its cluster (default: from node.id, else 0).")
    private Integer nodeId;

    @Option(
            names = "--set",
            paramLabel = "KEY=VALUE",
            description = "Set one configuration key, as in the file (repeatable).")
    private Map<String, String> overrides = new LinkedHashMap<>();

    @Option(
            names = "--broken",
            paramLabel = "MODE",
            description =
                    "FOR TESTING THE CHAOS HARNESS ONLY: run a deliberately broken broker (sets crucible.broken)."
                            + " Never for real data. '--broken help' lists the modes, one per line.")
    private String broken;

    /** Lists every configuration key the broker reads, with its default, under the options. */
    @Spec
    void describeKeys(CommandSpec commandSpec) {
        String footer = BrokerSettings.describeKeys().replace("%", "%%").replace("\n", "%n");
        commandSpec.usageMessage().width(100).footer(footer);
    }

    @Override
    public Integer call() throws Exception {
        if ("help".equals(broken)) {
            BrokenMode.names().forEach(spec.commandLine().getOut()::println); // parsed by callers: names only
            spec.commandLine().getOut().flush();
            return 0;
        }
        BrokerConfig brokerConfig;
        try {
            brokerConfig = new BrokerSettings(config, overrides, dataDir, nodeId, broken, port).toConfig();
        } catch (IllegalArgumentException | IOException e) {
            spec.commandLine().getErr().println("crucible broker: bad configuration: " + e.getMessage());
            return 2;
        }
        for (String unknown : brokerConfig.unknownKeys()) {
            spec.commandLine().getErr().println("crucible broker: ignoring unknown key " + unknown);
        }
        Broker broker;
        try {
            broker = Broker.start(brokerConfig);
        } catch (IOException e) {
            spec.commandLine().getErr().println("crucible broker: cannot start: " + e.getMessage());
            return 1;
        }
        Foreground.closeAtExit("crucible-broker-shutdown", broker).await();
        return 0;
    }
}

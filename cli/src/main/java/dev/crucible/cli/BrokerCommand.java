package dev.crucible.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crucible broker}: runs the Kafka-protocol reference broker (module broker-ref). */
@Command(
    name = "broker",
    sortOptions = false,
    header = "Run the Kafka-protocol reference broker in the foreground.",
    description =
        "Serves the Kafka protocol on --port and keeps its partition logs under --data-dir,"
            + " until interrupted.")
public final class BrokerCommand extends NotBuiltCommand {

  @Option(names = "--config", paramLabel = "FILE", description = "Broker configuration file (properties).")
  private Path config;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "9092",
      description = "Port the Kafka listener binds (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "data/broker",
      description = "Directory for the partition logs (default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  @Option(
      names = "--node-id",
      paramLabel = "N",
      defaultValue = "0",
      description = "Id of this broker in its cluster (default: ${DEFAULT-VALUE}).")
  private int nodeId;

  /** Tracked in issue #3. */
  public BrokerCommand() {
    super(3);
  }
}

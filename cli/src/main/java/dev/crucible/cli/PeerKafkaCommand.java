package dev.crucible.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crucible peer kafka}: starts an Apache Kafka broker of a chosen version (module load-generator). */
@Command(
    name = "kafka",
    sortOptions = false,
    header = "Start a single-node Apache Kafka broker (KRaft) of a given version.",
    description =
        "The peer is one process acting as both controller and broker, reachable from"
            + " 'crucible bench --target bootstrap:localhost:PORT'.")
public final class PeerKafkaCommand extends NotBuiltCommand {

  @Option(
      names = "--version",
      paramLabel = "VERSION",
      defaultValue = "4.1.0",
      description = "Apache Kafka release to run (default: ${DEFAULT-VALUE}).")
  private String kafkaVersion;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "19092",
      description = "Port of the Kafka listener (default: ${DEFAULT-VALUE}).")
  private int port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      defaultValue = "data/kafka-peer",
      description = "Directory for the peer's logs (default: ${DEFAULT-VALUE}).")
  private Path dataDir;

  /** Tracked in issue #4. */
  public PeerKafkaCommand() {
    super(4);
  }
}

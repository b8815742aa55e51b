package dev.crucible.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crucible worker}: a load-generating agent that a distributed {@code bench} drives. */
@Command(
    name = "worker",
    sortOptions = false,
    header = "Run a load worker agent for distributed benchmarks.",
    description = "The agent waits for a 'crucible bench --workers HOST:PORT' coordinator.")
public final class WorkerCommand extends NotBuiltCommand {

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8090",
      description = "Port the agent listens on for its coordinator (default: ${DEFAULT-VALUE}).")
  private int port;

  /** Tracked in issue #4. */
  public WorkerCommand() {
    super(4);
  }
}

package dev.crucible.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code crucible check}: checks a recorded history against a consistency model (module linearizability-checker). */
@Command(
    name = "check",
    sortOptions = false,
    header = "Check a recorded history against a consistency model.",
    description =
        "Reads JSON-lines or Jepsen/Knossos EDN histories and gives a verdict; a refuted history"
            + " is written out with a minimal counterexample.")
public final class CheckCommand extends NotBuiltCommand {

  @Parameters(
      index = "0",
      paramLabel = "HISTORY",
      description = "History file, in JSON lines or Jepsen/Knossos EDN.")
  private Path history;

  @Option(
      names = "--model",
      paramLabel = "MODEL",
      defaultValue = "kafka",
      description = {
        "Model to check against: kafka (queue anomalies), register, cas-register, kv, partition-log"
            + " or queue. Default: ${DEFAULT-VALUE}."
      })
  private String model;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Directory for the verdict and any counterexample (default: beside HISTORY).")
  private Path out;

  /** Tracked in issue #6. */
  public CheckCommand() {
    super(6);
  }
}

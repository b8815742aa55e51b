package dev.crucible.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code crucible chaos}: a Jepsen-style run with faults, then a history check (module chaos). */
@Command(
    name = "chaos",
    sortOptions = false,
    header = "Inject faults while clients run, then check the history they recorded.",
    description =
        "Clients write and read while the nemeses kill, pause, partition or slow the brokers;"
            + " the recorded history is then checked for lost, duplicated or reordered messages.")
public final class ChaosCommand extends NotBuiltCommand {

  @Option(
      names = "--nodes",
      paramLabel = "N",
      defaultValue = "3",
      description = "Number of broker nodes (default: ${DEFAULT-VALUE}).")
  private int nodes;

  @Option(
      names = "--time",
      paramLabel = "TIME",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "How long clients run while faults are injected (default: ${DEFAULT-VALUE}).")
  private Duration time;

  @Option(
      names = "--nemesis",
      paramLabel = "FAULT",
      split = ",",
      defaultValue = "kill,pause",
      description = {
        "Faults to inject: kill, pause, partition (needs root), latency, ... (default: ${DEFAULT-VALUE})."
      })
  private List<String> nemeses;

  @Option(
      names = "--target",
      paramLabel = "TARGET",
      defaultValue = "embedded",
      description = "Brokers under test, as for 'crucible bench --target' (default: ${DEFAULT-VALUE}).")
  private String target;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "results",
      description = "Parent directory of the run's history and verdict (default: ${DEFAULT-VALUE}).")
  private Path out;

  /** Tracked in issue #7. */
  public ChaosCommand() {
    super(7);
  }
}

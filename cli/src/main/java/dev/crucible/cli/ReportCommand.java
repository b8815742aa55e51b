package dev.crucible.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code crucible report}: renders and compares benchmark runs (module reports). */
@Command(
    name = "report",
    sortOptions = false,
    header = "Render and compare benchmark runs as one self-contained HTML report.",
    description =
        "With --baseline, every run is compared with the baseline run; with --fail-on-regression,"
            + " a regression beyond a threshold makes the exit status 1, so CI can gate on it.")
public final class ReportCommand extends NotBuiltCommand {

  @Parameters(
      arity = "1..*",
      paramLabel = "RUN_DIR",
      description = "Result directories written by 'crucible bench'.")
  private List<Path> runDirs;

  @Option(
      names = "--baseline",
      paramLabel = "RUN_DIR",
      description = "Result directory the runs are compared with.")
  private Path baseline;

  @Option(
      names = "--out",
      paramLabel = "FILE.html",
      defaultValue = "report.html",
      description = "Where to write the report (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Option(
      names = "--fail-on-regression",
      paramLabel = "METRIC=+PCT%",
      split = ",",
      description = {
        "Regression thresholds against the baseline, e.g. p99=+10%%,throughput=-5%%.",
        "Exceeding any of them makes the exit status 1."
      })
  private Map<String, String> failOnRegression;

  /** Tracked in issue #5. */
  public ReportCommand() {
    super(5);
  }
}

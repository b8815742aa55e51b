package dev.crucible.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code crucible bench}: an open-loop benchmark of one broker target (module load-generator). */
@Command(
    name = "bench",
    sortOptions = false,
    header = "Benchmark a Kafka-protocol broker: open-loop load, HDR latency.",
    description =
        "Latency is measured from each message's intended send time, so a stalled broker shows up"
            + " as latency. Writes a result directory that 'crucible report' reads.")
public final class BenchCommand extends NotBuiltCommand {

  @Parameters(
      arity = "0..1",
      paramLabel = "WORKLOAD.yaml",
      description = "Workload to run (default: the built-in standard workload).")
  private Path workload;

  @Option(
      names = "--target",
      paramLabel = "TARGET",
      defaultValue = "embedded",
      description = {
        "Broker under test: embedded (the reference broker, in process), kafka:VERSION (an Apache"
            + " Kafka peer started for the run) or bootstrap:HOST:PORT[,HOST:PORT...] (a running"
            + " cluster). Default: ${DEFAULT-VALUE}."
      })
  private String target;

  @Option(
      names = "--duration",
      paramLabel = "TIME",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Measured time, after the warm-up (default: ${DEFAULT-VALUE}).")
  private Duration duration;

  @Option(
      names = "--warmup",
      paramLabel = "TIME",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Warm-up time whose latencies are not recorded (default: ${DEFAULT-VALUE}).")
  private Duration warmup;

  @Option(
      names = "--rate",
      paramLabel = "MSGS_PER_S",
      description = "Open-loop send rate in messages per second (default: the workload's rate).")
  private Long rate;

  @Option(
      names = "--workers",
      paramLabel = "HOST:PORT",
      split = ",",
      description = "Remote 'crucible worker' agents that share the load (default: none; all load from here).")
  private List<String> workers;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      defaultValue = "results",
      description = "Parent directory of the run's result directory (default: ${DEFAULT-VALUE}).")
  private Path out;

  /** Tracked in issue #4. */
  public BenchCommand() {
    super(4);
  }
}

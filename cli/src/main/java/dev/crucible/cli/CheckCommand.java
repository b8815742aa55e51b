package dev.crucible.cli;

import dev.crucible.check.CheckJob;
import dev.crucible.check.format.Formats;
import dev.crucible.check.model.Models;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code crucible check}: checks a recorded history against a model (module linearizability-checker). */
@Command(
        name = "check",
        sortOptions = false,
        header = "Check a recorded history: linearizability against a model, or Kafka queue anomalies.",
        description = {
            "Reads JSON lines, Jepsen/Knossos EDN or Porcupine's test logs (recognised from the content). Knossos's"
                    + " preprocessing: failed operations had no effect, info (crashed) ones may take effect at any point"
                    + " after their invocation or never. A refuted history is explained (the operation that cannot be"
                    + " linearized, the last ok before it, the states reached) and drawn as an HTML timeline under --out.",
            "Exit status: 0 valid, 1 invalid, 2 unknown (time limit or memory budget reached) or an error."
        })
public final class CheckCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Parameters(index = "0", paramLabel = "HISTORY", description = "The history file.")
    private Path history;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "kafka (queue anomalies), or a linearizability model: ${COMPLETION-CANDIDATES}. Default:"
                    + " etcd for Porcupine etcd logs, kv for Porcupine kv logs; required otherwise.",
            completionCandidates = ModelNames.class)
    private String model;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "jsonl, edn, porcupine-etcd or porcupine-kv (default: recognised from the content).")
    private String format;

    @Option(names = "--time-limit", paramLabel = "DURATION", defaultValue = "60s", converter = DurationConverter.class,
            description = "Stop the search with UNKNOWN after this long (default: ${DEFAULT-VALUE}).")
    private Duration timeLimit;

    @Option(names = "--memory", paramLabel = "MB", defaultValue = "0",
            description = "Memory budget of the search in MiB; UNKNOWN when exceeded (default: half the heap).")
    private long memoryMb;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write verdict.json and, when invalid, counterexample.html here.")
    private Path out;

    @Option(names = "--allow", paramLabel = "TYPE", split = ",",
            description = "Kafka anomaly types to accept, e.g. unseen (like Jepsen's --ignore-queue-errors).")
    private List<String> allow;

    @Override
    public Integer call() {
        if (format != null && !Formats.names().contains(format)) {
            spec.commandLine().getErr().println("crucible check: unknown --format " + format + " (formats: "
                    + String.join(", ", Formats.names()) + ")");
            return CheckJob.UNKNOWN_OR_ERROR;
        }
        long memory = memoryMb > 0 ? memoryMb << 20 : Runtime.getRuntime().maxMemory() / 2;
        return CheckJob.run(new CheckJob.Settings(history, model, format, timeLimit, memory, out,
                allow == null ? List.of() : allow), spec.commandLine().getOut(), spec.commandLine().getErr());
    }

    /** Model names for --help. */
    static final class ModelNames extends ArrayList<String> {
        private static final long serialVersionUID = 1L;

        ModelNames() {
            add("kafka");
            addAll(Models.help().keySet());
        }
    }
}

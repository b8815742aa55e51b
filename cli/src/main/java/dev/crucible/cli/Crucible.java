package dev.crucible.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.UsageMessageSpec;
import picocli.CommandLine.Spec;

/**
 * Entry point of the {@code crucible} command: benchmarks, chaos runs, history checks and reports for
 * Kafka-protocol brokers. Run without a command it prints its usage and exits with status 2.
 */
@Command(
        name = "crucible",
        mixinStandardHelpOptions = true,
        versionProvider = CrucibleVersion.class,
        synopsisSubcommandLabel = "COMMAND",
        header = "Benchmarking and chaos harness for Kafka-protocol brokers.",
        description =
                "Measures how fast a Kafka-protocol broker is, whether it keeps its promises under faults,"
                        + " and whether a new version got better or worse. Every command has --help.",
        commandListHeading = "%nCommands:%n",
        subcommands = {
            BrokerCommand.class,
            ClusterCommand.class,
            BenchCommand.class,
            PerfCommand.class,
            WorkerCommand.class,
            PeerCommand.class,
            ReportCommand.class,
            CheckCommand.class,
            ChaosCommand.class,
            ProbeCommand.class,
            TestCommand.class
        })
public final class Crucible implements Callable<Integer> {

    /** Exit status for a command line that names no command, or a command that cannot run. */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    @Spec private CommandSpec spec;

    /**
     * Runs the command line and exits the JVM with its status.
     *
     * @param args the command line arguments
     */
    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /**
     * Builds the full command tree; tests use it to run commands without exiting the JVM.
     *
     * @return a fresh command line for {@code crucible}
     */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new Crucible());
        applyHelpLayout(commandLine);
        return commandLine;
    }

    /** One help layout for every command: summary line, then usage, description, parameters, options. */
    private static void applyHelpLayout(CommandLine commandLine) {
        UsageMessageSpec usage = commandLine.getCommandSpec().usageMessage();
        usage
                .synopsisHeading("%nUsage: ")
                .parameterListHeading("%nParameters:%n")
                .optionListHeading("%nOptions:%n");
        if (usage.description().length > 0) {
            usage.descriptionHeading("%n");
        }
        commandLine.getSubcommands().values().forEach(Crucible::applyHelpLayout);
    }

    @Override
    public Integer call() {
        return missingCommand(spec);
    }

    /**
     * Answers a command group that was given no command: says so, prints its usage to stderr.
     *
     * @param spec the group that was invoked on its own
     * @return {@link #EXIT_USAGE}
     */
    static int missingCommand(CommandSpec spec) {
        CommandLine commandLine = spec.commandLine();
        commandLine.getErr().printf("%s: missing command%n", spec.qualifiedName());
        commandLine.usage(commandLine.getErr());
        return EXIT_USAGE;
    }
}

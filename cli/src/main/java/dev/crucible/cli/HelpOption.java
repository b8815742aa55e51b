package dev.crucible.cli;

import picocli.CommandLine.Option;

/** The {@code -h, --help} option every subcommand carries (mixed in). */
public final class HelpOption {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help message and exit.")
    private boolean helpRequested;
}

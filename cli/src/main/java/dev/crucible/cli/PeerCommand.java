package dev.crucible.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code crucible peer}: the group of commands that start other brokers to compare against. */
@Command(
        name = "peer",
        synopsisSubcommandLabel = "COMMAND",
        header = "Start another broker implementation to benchmark or compare against.",
        description = "A peer runs in the foreground until interrupted; point --target at it.",
        commandListHeading = "%nCommands:%n",
        subcommands = PeerKafkaCommand.class)
public final class PeerCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Override
    public Integer call() {
        return Crucible.missingCommand(spec);
    }
}

package dev.crucible.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

/**
 * {@code crucible test}: listed so that it shows in the help. The {@code ./crucible} launcher handles
 * it (system packages, then {@code mvn -B verify}); the jar cannot, and says so.
 */
@Command(
        name = "test",
        header = "Install the packages the test suite needs, then run mvn -B verify.",
        description =
                "Handled by the ./crucible launcher, which passes any extra arguments to Maven; the jar"
                        + " itself runs no tests.")
public final class TestCommand implements Callable<Integer> {

    @Spec private CommandSpec spec;

    @Mixin private HelpOption help;

    @Unmatched private List<String> mavenArguments;

    @Override
    public Integer call() {
        spec.commandLine()
                .getErr()
                .printf(
                        "%s: run it as './crucible test' from the project checkout (the launcher installs the"
                                + " system packages and runs mvn -B verify); the jar runs no tests; nothing was run%n",
                        spec.qualifiedName());
        return Crucible.EXIT_USAGE;
    }
}

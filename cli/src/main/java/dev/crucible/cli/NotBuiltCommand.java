package dev.crucible.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * Base of a subcommand whose module is not built yet. Its options parse and its {@code --help}
 * works, but running it only says, on stderr, which issue tracks it, and exits with status 2.
 * It never prints a made-up result.
 */
public abstract class NotBuiltCommand implements Callable<Integer> {

  /** Exit status of a command that is not built yet. */
  public static final int EXIT_NOT_BUILT = 2;

  @Spec private CommandSpec spec;

  @Mixin private HelpOption help;

  private final int issue;

  /**
   * @param issue the number of the issue that tracks building this command
   */
  protected NotBuiltCommand(int issue) {
    this.issue = issue;
  }

  @Override
  public final Integer call() {
    spec.commandLine()
        .getErr()
        .printf(
            "%s: not built yet (tracked in issue #%d); nothing was run%n",
            spec.qualifiedName(), issue);
    return EXIT_NOT_BUILT;
  }
}

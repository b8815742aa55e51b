package dev.crucible.bench;

import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Entry point of {@code benchmarks.jar}: JMH's own command line ({@code org.openjdk.jmh.Main}), plus the
 * JVM flags the engine needs, appended to every fork so nobody has to type them.
 *
 * <p>The flags come from the classpath resource {@value #FLAGS_RESOURCE}, which Maven fills from the
 * root pom's {@code crucible.jvm.flags}; they go after any {@code -jvmArgsAppend} given on the command
 * line. Help and the list commands are JMH's, unchanged.
 *
 * <p>JMH starts each fork with this JVM's own options unless {@code -jvmArgs} replaces them, so
 * {@code java -Dcrucible.bench.dir=/data/bench -jar benchmarks.jar} reaches the forks as it is.
 */
public final class BenchmarkMain {
    static final String FLAGS_RESOURCE = "/crucible-jvm.flags";

    private BenchmarkMain() {
    }

    /** Runs JMH with the given command line; see {@code -h}. */
    public static void main(String[] args) throws IOException {
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(args);
        } catch (CommandLineOptionException e) {
            org.openjdk.jmh.Main.main(args); // prints JMH's own parse error and exits
            return;
        }
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams() || cmd.shouldListProfilers()
            || cmd.shouldListResultFormats()) {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        Options options = new OptionsBuilder()
            .parent(cmd)
            .jvmArgsAppend(forkArgs(cmd).toArray(new String[0]))
            .build();
        try {
            new Runner(options).run();
        } catch (NoBenchmarksException e) {
            System.err.println("No matching benchmarks. Miss-spelled regexp? Use -l to list them.");
            System.exit(1);
        } catch (RunnerException e) {
            System.err.print("ERROR: ");
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /** The command line's own {@code -jvmArgsAppend} (which the builder would otherwise replace), then the engine's flags. */
    static List<String> forkArgs(CommandLineOptions cmd) throws IOException {
        Collection<String> given = cmd.getJvmArgsAppend().orElse(List.of());
        List<String> args = new ArrayList<>(given);
        args.addAll(engineFlags());
        return args;
    }

    /** The flags in {@value #FLAGS_RESOURCE}, split on whitespace; fails when the file was not filtered. */
    static List<String> engineFlags() throws IOException {
        String text;
        try (InputStream in = BenchmarkMain.class.getResourceAsStream(FLAGS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(FLAGS_RESOURCE + " is missing from the classpath; rebuild benchmarks.jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (text.contains("${")) {
            throw new IllegalStateException(FLAGS_RESOURCE + " was not filtered by Maven: " + text);
        }
        List<String> flags = new ArrayList<>();
        for (String flag : text.split("\\s+")) {
            if (!flag.isEmpty()) {
                flags.add(flag);
            }
        }
        return flags;
    }
}

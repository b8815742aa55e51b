package dev.crucible.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

class CrucibleTest {

    /** What one run of the command line printed and returned. */
    private record Run(int exitCode, String out, String err) {}

    private static Run run(String... args) {
        CommandLine commandLine = Crucible.newCommandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    @Test
    void helpListsEverySubcommand() {
        Run run = run("--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        for (String name :
                new String[] {"broker", "cluster", "bench", "worker", "peer", "report", "check", "chaos", "test"}) {
            assertThat(run.out()).containsPattern("(?m)^\\s+" + name + "\\s");
        }
    }

    @Test
    void versionNamesTheTool() {
        Run run = run("--version");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("crucible ");
    }

    @Test
    void noSubcommandPrintsUsageOnStderrAndExits2() {
        Run run = run();

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("crucible: missing command").contains("Usage: crucible");
    }

    @Test
    void benchRefusesBadInputByNameBeforeStartingAnything() {
        Run missing = run("bench", "no-such-workload.yaml", "--target", "noop");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("no-such-workload.yaml").contains("no such file");

        Run rate = run("bench", "--target", "noop", "--rate", "fast");
        assertThat(rate.exitCode()).isEqualTo(2);
        assertThat(rate.err()).contains("--rate fast");

        Run target = run("bench", "--target", "zookeeper:1.0");
        assertThat(target.exitCode()).isEqualTo(2);
        assertThat(target.err()).contains("--target zookeeper:1.0").contains("embedded");

        Run repeat = run("bench", "--target", "noop", "--repeat", "0");
        assertThat(repeat.exitCode()).isEqualTo(2);
        assertThat(repeat.err()).contains("--repeat");
    }

    @Test
    void benchNodesGoOnTheTargetsCrucibleLaunchesAndNowhereElse() {
        assertThat(benchTargets()).isEmpty();
        assertThat(benchTargets("--nodes", "3")).containsExactly("embedded/3");
        assertThat(benchTargets("--target", "embedded,kafka:4.3.1", "--nodes", "3")).containsExactly("embedded/3", "kafka:4.3.1/3");
        assertThat(benchTargets("--target", "embedded,bootstrap:h:1,noop")).containsExactly("embedded", "bootstrap:h:1", "noop");

        Run noop = run("bench", "--target", "noop", "--nodes", "3");
        assertThat(noop.exitCode()).isEqualTo(2);
        assertThat(noop.err()).contains("--nodes 3 applies to the targets Crucible launches (embedded, kafka:VERSION), not to noop");
        Run kafka = run("bench", "--target", "kafka:4.3.1", "--nodes", "2");
        assertThat(kafka.exitCode()).isEqualTo(2);
        assertThat(kafka.err()).contains("--target kafka:4.3.1/2: Apache Kafka peers run 1 or 3 nodes");
        Run twice = run("bench", "--target", "embedded/3", "--nodes", "3");
        assertThat(twice.exitCode()).isEqualTo(2);
        assertThat(twice.err()).contains("names its node count itself");
    }

    /** The targets {@code crucible bench ARGS} hands the bench, without running it. */
    private static java.util.List<String> benchTargets(String... args) {
        CommandLine commandLine = Crucible.newCommandLine();
        String[] all = new String[args.length + 1];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult parsed = commandLine.parseArgs(all);
        BenchCommand bench = (BenchCommand) parsed.subcommand().commandSpec().userObject();
        return bench.launchTargets();
    }

    @Test
    void testCommandPointsToTheLauncherAndExits2() {
        Run run = run("test", "-Dsome.property=1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("./crucible test").contains("nothing was run");
    }

    @Test
    void peerWithoutCommandPrintsItsUsageAndExits2() {
        Run run = run("peer");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("crucible peer: missing command").contains("kafka");
    }

    @Test
    void peerKafkaHelpShowsItsOptions() {
        Run run = run("peer", "kafka", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .contains("Usage: crucible peer kafka")
                .contains("--version=VERSION")
                .contains("4.3.1")
                .contains("19092")
                .contains("--nodes=N")
                .contains("--data-dir=DIR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"broker", "cluster", "bench", "worker", "peer", "report", "check", "chaos", "test"})
    void everySubcommandHasHelp(String name) {
        Run run = run(name, "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("Usage: crucible " + name);
        assertThat(run.err()).isEmpty();
    }

    @Test
    void unknownFlagIsAUsageError() {
        Run run = run("bench", "--no-such-flag");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("Unknown option: '--no-such-flag'");
    }

    @Test
    void unknownTopLevelFlagAndCommandAreUsageErrors() {
        assertThat(run("--no-such-flag").exitCode()).isEqualTo(2);

        Run run = run("nosuch");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("nosuch");
    }

    @Test
    void badValuesAreUsageErrors() {
        Run duration = run("bench", "--duration", "soon");
        assertThat(duration.exitCode()).isEqualTo(2);
        assertThat(duration.err()).contains("--duration").contains("not a duration");

        Run port = run("broker", "--port", "ninety");
        assertThat(port.exitCode()).isEqualTo(2);
        assertThat(port.err()).contains("--port");
    }

    @Test
    void reportNeedsAnInput() {
        Run run = run("report");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Missing required parameter").contains("INPUT");
    }

    @Test
    void reportOfAMissingDirectoryNamesItAndMakesNoReport() {
        Run run = run("report", "no/such/run");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no/such/run").contains("does not exist").contains("no report was made");
    }

    @Test
    void reportRefusesABadGateSpecification() {
        Run run = run("report", ".", "--fail-on-regression", "p99=10");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("p99=10").contains("NAME=+N%");
    }

    @Test
    void brokerHelpDocumentsEveryConfigurationKey() {
        Run run = run("broker", "--help");

        assertThat(run.exitCode()).isZero();
        for (String key : dev.crucible.broker.config.BrokerConfig.KEYS.keySet()) {
            assertThat(run.out()).contains(key);
        }
        for (dev.crucible.broker.config.TopicConfigKey key : dev.crucible.broker.config.TopicConfigKey.values()) {
            assertThat(run.out()).contains(key.brokerKey()).contains("[" + key.topicKey() + "]");
        }
    }

    @Test
    void brokenHelpPrintsTheModeNamesOnePerLineAndNothingElse() {
        Run run = run("broker", "--broken", "help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        String nl = System.lineSeparator();
        assertThat(run.out()).isEqualTo("lose-acked-writes" + nl + "duplicate-offsets" + nl + "truncate-to-hw" + nl + "ack-on-leader" + nl
                + "shrink-before-commit" + nl);
    }

    @Test
    void anUnknownBrokenModeIsABadConfigurationNamingTheValidModes() {
        Run run = run("broker", "--broken", "lose-some", "--data-dir", "target/never-created");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("bad configuration").contains("crucible.broken").contains("lose-some")
                .contains("valid modes: lose-acked-writes, duplicate-offsets");
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("target/never-created"))).isFalse();
    }

    @Test
    void brokerWithABadSettingSaysWhichAndExits2() {
        Run run = run("broker", "--set", "num.partitions=zero", "--data-dir", "target/never-created");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("bad configuration").contains("num.partitions");
        assertThat(java.nio.file.Files.exists(java.nio.file.Path.of("target/never-created"))).isFalse();
    }
}

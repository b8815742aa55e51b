package dev.crucible.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.testing.StandInBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The benchmark's --target forms: which are accepted, and what a target Crucible does not launch is. */
class TargetsTest {
    @TempDir Path dir;

    @Test
    void acceptedFormsPassAndOthersAreNamedInTheError() {
        for (String ok : List.of("embedded", "noop", "kafka:4.3.1", "bootstrap:h:1", "bootstrap:a:1,b:2", "embedded/1",
                "embedded/5", "kafka:4.3.1/3", "kafka:4.3.1/1")) {
            Targets.check(ok);
        }
        for (String bad : List.of("kafka:", "zookeeper:1.0", "bootstrap:h", "bootstrap:h:1,", "embedded/0", "embedded/x",
                "noop/3", "bootstrap:h:1/3", "kafka:/3", "embedded/")) {
            assertThatThrownBy(() -> Targets.check(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--target " + bad + ": use embedded[/NODES], kafka:VERSION[/NODES]");
        }
        assertThatThrownBy(() -> Targets.check("kafka:4.3.1/2")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--target kafka:4.3.1/2: Apache Kafka peers run 1 or 3 nodes");
    }

    @Test
    void aNodeCountGoesOnTheTargetsCrucibleLaunchesOnly() {
        assertThat(Targets.withNodes("embedded", 3)).isEqualTo("embedded/3");
        assertThat(Targets.withNodes("kafka:4.3.1", 3)).isEqualTo("kafka:4.3.1/3");
        for (String any : List.of("embedded", "noop", "bootstrap:h:1", "kafka:4.3.1", "embedded/3")) {
            assertThat(Targets.withNodes(any, 1)).isEqualTo(any);
        }
        assertThatThrownBy(() -> Targets.withNodes("kafka:4.3.1", 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 or 3 nodes");
        assertThatThrownBy(() -> Targets.withNodes("bootstrap:h:1", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--nodes 3 applies to the targets Crucible launches (embedded, kafka:VERSION), not to"
                        + " bootstrap:h:1");
        assertThatThrownBy(() -> Targets.withNodes("noop", 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not to noop");
        assertThatThrownBy(() -> Targets.withNodes("embedded/3", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names its node count itself");
        assertThatThrownBy(() -> Targets.withNodes("embedded", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--nodes must be at least 1, not 0");
    }

    @Test
    void anEmbeddedClusterIsEveryNodeStartedTogetherAndItsVersionSaysHowMany() throws Exception {
        List<String> standIn = StandInBroker.command();
        StringWriter progress = new StringWriter();
        List<Long> pids;
        try (LaunchedTarget t = Targets.launch("embedded/3", standIn, dir, dir, new PrintWriter(progress, true))) {
            assertThat(t.kind()).isEqualTo("embedded");
            assertThat(t.version()).isEqualTo("broker-ref, 3 nodes");
            assertThat(t.bootstrap().split(",")).hasSize(3).allSatisfy(a -> assertThat(a).startsWith("127.0.0.1:"));
            pids = t.pids();
            assertThat(pids).hasSize(3);
            assertThat(progress.toString()).contains("cluster of 3 broker-ref nodes (3 voters)")
                    .contains("embedded cluster pids " + pids + " at " + t.bootstrap());
            for (int i = 0; i < 3; i++) {
                assertThat(dir.resolve("broker-ref").resolve("n" + i).resolve("broker.out")).content()
                        .contains("--node-id " + i).contains("process.roles=broker,controller")
                        .contains("--set group.initial.rebalance.delay.ms=0");
            }
        }
        assertThat(pids).allSatisfy(pid -> assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isEmpty());
    }

    /** A launched broker-ref starts as Crucible starts Kafka (no initial rebalance delay), unless the run says otherwise. */
    @Test
    void theEmbeddedBrokerGetsCruciblesServerSettingsThenTheRunsOwn() throws Exception {
        List<String> standIn = StandInBroker.command();
        try (LaunchedTarget t = Targets.launch("embedded", standIn, dir.resolve("a"), dir, new PrintWriter(new StringWriter()))) {
            assertThat(t.pids()).hasSize(1);
        }
        assertThat(brokerOut(dir.resolve("a"))).contains("--set group.initial.rebalance.delay.ms=0");
        BrokerOverrides own = BrokerOverrides.of(List.of("embedded:group.initial.rebalance.delay.ms=250", "kafka:num.io.threads=4"));
        try (LaunchedTarget t = Targets.launch("embedded", standIn, dir.resolve("b"), dir, own, new PrintWriter(new StringWriter()))) {
            assertThat(t.pids()).hasSize(1);
        }
        assertThat(brokerOut(dir.resolve("b"))).contains("--set group.initial.rebalance.delay.ms=250")
                .doesNotContain("group.initial.rebalance.delay.ms=0").doesNotContain("num.io.threads");
    }

    private static String brokerOut(Path scratch) throws java.io.IOException {
        try (var files = java.nio.file.Files.walk(scratch)) {
            Path out = files.filter(f -> f.getFileName().toString().equals("broker.out")).findFirst().orElseThrow();
            return java.nio.file.Files.readString(out);
        }
    }

    @Test
    void aBootstrapTargetIsNamedNotLaunched() throws Exception {
        try (LaunchedTarget t = Targets.launch("bootstrap:h:1,g:2", null, dir, dir, new PrintWriter(new StringWriter()))) {
            assertThat(t.kind()).isEqualTo("bootstrap");
            assertThat(t.version()).isEqualTo("unknown");
            assertThat(t.bootstrap()).isEqualTo("h:1,g:2");
            assertThat(t.pids()).isEmpty();
            assertThat(t.cpuNanos()).isEqualTo(-1);
        }
        try (LaunchedTarget t = Targets.launch("noop", null, dir, dir, new PrintWriter(new StringWriter()))) {
            assertThat(t.bootstrap()).isNull();
        }
    }

    @Test
    void theEmbeddedBrokerNeedsACommand() {
        assertThatThrownBy(() -> Targets.launch("embedded", null, dir, dir, new PrintWriter(new StringWriter())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no command given");
    }
}

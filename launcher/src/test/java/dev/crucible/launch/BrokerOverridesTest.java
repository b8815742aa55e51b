package dev.crucible.launch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.testing.StandInBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --broker-config}: which settings are accepted, which kind of broker gets them, and what run.json then says. */
class BrokerOverridesTest {
    @TempDir Path dir;

    @Test
    void settingsApplyToTheirKindInTheOrderGivenTheLastValueWinning() {
        BrokerOverrides o = BrokerOverrides.of(List.of("replication.fsync=false", "kafka:num.io.threads=4",
                "embedded:num.network.threads=3", "replication.fsync=true", "embedded:replication.fsync=false", "empty.value="));
        assertThat(o.forKind("embedded")).containsExactly(Map.entry("num.network.threads", "3"),
                Map.entry("replication.fsync", "false"), Map.entry("empty.value", ""));
        assertThat(o.forKind("kafka")).containsExactly(Map.entry("num.io.threads", "4"), Map.entry("replication.fsync", "true"),
                Map.entry("empty.value", ""));
        assertThat(o.forKind("bootstrap")).isEmpty();
        assertThat(o.embeddedOptions()).containsExactly("--set", "num.network.threads=3", "--set", "replication.fsync=false",
                "--set", "empty.value=");
        assertThat(BrokerOverrides.of(null).isEmpty()).isTrue();
        assertThat(BrokerOverrides.of(List.of("a=b=c")).forKind("kafka")).containsExactly(Map.entry("a", "b=c"));
    }

    @Test
    void badSettingsAreRefusedNamingWhatIsWrong() {
        Map<String, String> bad = Map.of(
                "replication.fsync", "use KEY=VALUE",
                "=false", "the key is empty",
                "embedded:=1", "the key is empty",
                "zookeeper:a=b", "'zookeeper:' is not a target kind",
                "a b=c", "a key is letters, digits",
                "a=line\nother=x", "a value is one line",
                "listeners=PLAINTEXT://:1", "Crucible sets listeners itself",
                "kafka:node.id=7", "Crucible sets node.id itself");
        bad.forEach((text, message) -> assertThatThrownBy(() -> BrokerOverrides.of(List.of(text)))
                .as(text).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--broker-config " + text + ": ").hasMessageContaining(message));
    }

    @Test
    void theyNeedABrokerCrucibleLaunches() {
        BrokerOverrides o = BrokerOverrides.of(List.of("a=b"));
        o.requireLaunched(List.of("embedded/3", "bootstrap:h:1"));
        o.requireLaunched(List.of("kafka:4.3.1"));
        BrokerOverrides.NONE.requireLaunched(List.of("noop"));
        assertThatThrownBy(() -> o.requireLaunched(List.of("bootstrap:h:1", "noop")))
                .hasMessage("--broker-config applies to the brokers Crucible launches (embedded, kafka:VERSION), not to"
                        + " bootstrap:h:1, noop");
    }

    @Test
    void theDurabilityOfAClusterFollowsReplicationFsync() {
        assertThat(TargetDurability.of("embedded", 3, Map.of("replication.fsync", "false")))
                .contains("replication.fsync=false", "page cache of every in-sync replica");
        assertThat(TargetDurability.of("embedded", 3, Map.of("replication.fsync", "true")))
                .isEqualTo(TargetDurability.of("embedded", 3));
        assertThat(TargetDurability.of("embedded", 1, Map.of("log.flush.policy", "always"))).contains("forced to disk on its one node");
        assertThat(TargetDurability.of("embedded", 1, Map.of("replication.fsync", "false"))).contains("page cache of its one node");
    }

    @Test
    void everyLaunchedNodeGetsTheSettingsAfterItsOwn() throws Exception {
        BrokerOverrides o = BrokerOverrides.of(List.of("replication.fsync=false", "kafka:num.io.threads=4"));
        StringWriter progress = new StringWriter();
        try (LaunchedTarget t = Targets.launch("embedded/3", StandInBroker.command(), dir, dir, o, new PrintWriter(progress, true))) {
            assertThat(t.pids()).hasSize(3);
            for (int i = 0; i < 3; i++) {
                String args = java.nio.file.Files.readString(dir.resolve("broker-ref").resolve("n" + i).resolve("broker.out"));
                assertThat(args).contains("--set replication.fsync=false").doesNotContain("num.io.threads");
                assertThat(args.indexOf("--set replication.fsync=false")).isGreaterThan(args.indexOf("controller.quorum.voters="));
            }
        }
        assertThat(progress.toString()).contains("broker settings (--broker-config) of every embedded node: {replication.fsync=false}");
    }
}

package dev.crucible.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crucible.check.format.Formats;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The long chaos run of issue 20, off in the suite (which runs the short 3-node one in
 * {@code ChaosCommandTest}): a broker-ref cluster of 3 nodes, RF 3 and min.insync.replicas 2, under
 * every fault this machine can inject, taken in turn, for {@code -Dcrucible.chaos.long} (e.g. 10m).
 * {@code mvn -B -pl cli -am test -Pchaos-long -Dtest=LongChaosTest -Dsurefire.failIfNoSpecifiedTests=false
 * [-Dcrucible.chaos.long=30m] [-Dcrucible.chaos.seed=N]}.
 * It prints the figures: faults injected and healed, acknowledged sends, reads, anomalies (none allowed).
 */
@EnabledIfSystemProperty(named = "crucible.chaos.long", matches = "\\d+[smh]")
class LongChaosTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path tmp;

    @Test
    void aThreeNodeClusterKeepsEveryAcknowledgedWriteThroughALongRunOfEveryFault() throws Exception {
        boolean root = dev.crucible.chaos.net.NetLab.unavailableReason().isEmpty();
        String nemeses = "kill,pause,proxy,disk" + (root ? ",partition,loss" : "");
        CliRun r = CliRun.of("chaos", "--nodes", "3", "--nemesis", nemeses, "--interval", "10s",
                "--time", System.getProperty("crucible.chaos.long"), "--seed", System.getProperty("crucible.chaos.seed", "1"),
                "--out", tmp.toString());
        System.out.println(r.out());
        System.err.println(r.err());
        Matcher m = Pattern.compile("chaos run (\\S+)").matcher(r.out());
        assertThat(m.find()).as(r.out()).isTrue();
        Path dir = Path.of(m.group(1));
        JsonNode verdict = JSON.readTree(dir.resolve("verdict.json").toFile());
        JsonNode faults = JSON.readTree(dir.resolve("timeline.json").toFile()).path("faults");
        List<Op> history = Formats.read(dir.resolve("history.jsonl"), null).ops();
        long acked = history.stream().filter(o -> o.isClient() && o.type() == OpType.OK && o.f().equals("send")).count();
        long polls = history.stream().filter(o -> o.isClient() && o.type() == OpType.OK && o.f().equals("poll")).count();
        long healed = 0;
        for (JsonNode f : faults) {
            if (!f.path("healed").asText().isEmpty()) {
                healed++;
            }
        }
        System.out.println("long chaos run (" + nemeses + "): " + faults.size() + " faults, " + healed + " healed, " + acked
            + " acknowledged sends, " + polls + " polls, valid " + verdict.path("valid").asBoolean() + ", bad types "
            + verdict.path("badTypes") + "; run directory " + dir);
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(verdict.path("valid").asBoolean()).isTrue();
        assertThat(faults.size()).as("faults injected").isGreaterThanOrEqualTo(4);
        assertThat(healed).as("every fault healed").isEqualTo(faults.size());
        assertThat(acked).isGreaterThan(1_000);
    }
}

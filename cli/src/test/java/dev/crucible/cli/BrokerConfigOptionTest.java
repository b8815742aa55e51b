package dev.crucible.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --broker-config} of bench and chaos: bad input exits 2, and a setting reaches the broker-ref node bench launches. */
class BrokerConfigOptionTest {

    @Test
    void badSettingsExitWith2BeforeAnythingStarts(@TempDir Path out) {
        String[][] cases = {
            {"bench", "--broker-config", "replication.fsync", "--out", out.toString()},
            {"bench", "--broker-config", "=1", "--out", out.toString()},
            {"bench", "--broker-config", "zk:a=b", "--out", out.toString()},
            {"bench", "--target", "noop", "--broker-config", "a=b", "--out", out.toString()},
            {"chaos", "--broker-config", "listeners=PLAINTEXT://:1", "--out", out.toString()},
            {"chaos", "--target", "bootstrap:127.0.0.1:1", "--broker-config", "a=b", "--out", out.toString()},
        };
        for (String[] args : cases) {
            CliRun run = CliRun.of(args);
            assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).as(String.join(" ", args)).contains("--broker-config");
        }
        assertThat(out).isEmptyDirectory();
        for (String command : new String[] {"bench", "chaos"}) {
            assertThat(CliRun.of(command, "--help").out().replaceAll("\\s+", " ")).contains("--broker-config")
                    .contains("after Crucible's own so it wins");
        }
    }

    /** The node gets the setting: one it refuses stops it starting, with its own message; one it takes is in run.json. */
    @Test
    void theLaunchedNodeGetsTheSettingsAndRunJsonRecordsThem(@TempDir Path out) throws Exception {
        CliRun refused = CliRun.of("bench", "--broker-config", "embedded:replication.fsync=sometimes", "--out", out.toString());
        assertThat(refused.exitCode()).as(refused.out() + refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("the embedded broker did not start")
                .contains("replication.fsync: expected true or false, got 'sometimes'");

        CliRun run = CliRun.of("bench", "--broker-config", "replication.fsync=false", "--broker-config", "kafka:num.io.threads=4",
                "--rate", "100", "--warmup", "1s", "--duration", "1s", "--out", out.toString());
        // 0, or 4 when a busy machine made the run miss its rate: either way the run was written
        assertThat(run.exitCode()).as(run.out() + run.err()).isIn(0, 4);
        assertThat(run.out()).contains("broker settings (--broker-config) of every embedded node: {replication.fsync=false}");
        JsonNode target;
        try (Stream<Path> dirs = Files.list(out)) {
            Path dir = dirs.filter(Files::isDirectory).findFirst().orElseThrow();
            target = new ObjectMapper().readTree(dir.resolve("run.json").toFile()).get("target");
        }
        assertThat(target.get("brokerConfig").toString()).isEqualTo("{\"replication.fsync\":\"false\"}");
        assertThat(target.get("durability").asText()).contains("page cache of its one node");
    }
}

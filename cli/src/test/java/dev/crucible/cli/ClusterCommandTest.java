package dev.crucible.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code crucible cluster}: its help, and the values it refuses before anything starts. */
class ClusterCommandTest {
    @TempDir Path tmp;

    @Test
    void helpExplainsTheLayoutAndTheDefaults() {
        CliRun r = CliRun.of("cluster", "--help");
        assertThat(r.exitCode()).isZero();
        assertThat(r.err()).isEmpty();
        String help = r.out().replaceAll("\\s+", " ");
        assertThat(help).contains("Usage: crucible cluster", "--nodes=N", "--port=PORT", "--data-dir=DIR", "--voters=K",
                "--set=KEY=VALUE", "--heap=SIZE", "--start-timeout=TIME");
        assertThat(help).contains("(default: 3)", "(default: 9092)", "(default: data/cluster)", "(default: 120s)");
        assertThat(help).contains("serves clients on PORT+i (listener PLAINTEXT), the other brokers on PORT+2N+i (listener"
                + " REPLICATION) and, if it votes, its quorum on PORT+N+i",
                "DIR/ni/data", "DIR/ni/broker.out", "Ctrl-C or SIGTERM", "1 node 1, 2 nodes 1, 3-4 nodes 3, 5 or more 5",
                "crucible bench --target bootstrap:127.0.0.1:PORT,..",
                "Exit status: 143 stopped by SIGTERM, 130 by Ctrl-C (SIGINT), in either case after every node stopped;");
    }

    @Test
    void crucibleListsIt() {
        assertThat(CliRun.of("--help").out()).containsPattern("(?m)^\\s+cluster\\s+Run a cluster of reference brokers");
    }

    @Test
    void badCountsAndPortsAreRefusedByNameAndNothingIsCreated() {
        Path data = tmp.resolve("cluster");
        String[][] cases = {
            {"--nodes", "0"}, {"--nodes", "-2"}, {"--voters", "4"}, {"--voters", "0"}, {"--port", "65531"},
            {"--port", "70000"}, {"--port", "-1"}, {"--set", "process.roles=broker"}, {"--heap", "lots"},
        };
        String[] expected = {
            "a cluster needs at least 1 node, not 0", "a cluster needs at least 1 node, not -2",
            "voters must be 1..3 for 3 node(s), not 4", "voters must be 1..3 for 3 node(s), not 0",
            "base port 65531 leaves no room for 3 client, 3 controller and 3 replication ports (65531..65539; ports are 1..65535)",
            "base port 70000 is not a port", "base port -1 is not a port", "the cluster sets process.roles itself",
            "heap must look like 512m or 1g, not 'lots'",
        };
        for (int i = 0; i < cases.length; i++) {
            CliRun r = CliRun.of("cluster", "--data-dir", data.toString(), cases[i][0], cases[i][1]);
            assertThat(r.exitCode()).as(String.join(" ", cases[i])).isEqualTo(2);
            assertThat(r.err()).as(String.join(" ", cases[i])).startsWith("crucible cluster: ").contains(expected[i]);
            assertThat(r.out()).isEmpty();
        }
        CliRun notANumber = CliRun.of("cluster", "--nodes", "three");
        assertThat(notANumber.exitCode()).isEqualTo(2);
        assertThat(notANumber.err()).contains("--nodes").contains("three");
        assertThat(data).doesNotExist();
    }

    @Test
    void aPortInUseIsNamedWithTheNodeItBelongsTo() throws Exception {
        Path data = tmp.resolve("cluster");
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = held.getLocalPort();
            CliRun client = CliRun.of("cluster", "--nodes", "1", "--port", Integer.toString(port), "--data-dir", data.toString());
            assertThat(client.exitCode()).isEqualTo(2);
            assertThat(client.err()).contains("port " + port + " (client port of n0) is already in use on 127.0.0.1");
            if (port > 3) {
                CliRun quorum = CliRun.of("cluster", "--port", Integer.toString(port - 3), "--data-dir", data.toString());
                assertThat(quorum.exitCode()).isEqualTo(2);
                assertThat(quorum.err()).contains("(controller port of n0) is already in use");
            }
            if (port > 6) {
                CliRun replication = CliRun.of("cluster", "--port", Integer.toString(port - 6), "--data-dir", data.toString());
                assertThat(replication.exitCode()).isEqualTo(2);
                assertThat(replication.err()).contains("(replication port of n0) is already in use");
            }
        }
        assertThat(Files.exists(data)).isFalse();
    }
}

package dev.crucible.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The brokers group is one broker-ref cluster: the server.properties the broker role writes on each
 * host (rendered by Ansible for real, through the role's own tasks, without starting anything) for
 * inventories of 3 and 4 hosts, with the defaults and with node ids and the controller count set,
 * and the shapes the role refuses.
 */
class BrokerClusterConfigTest {
    private static final String RENDER = "src/test/resources/render_broker_config.yml";
    private static final int PORT = 19092;
    private static final int CONTROLLER_PORT = 19093;

    @TempDir Path tmp;

    @Test
    void threeHostsAreThreeVotersEachBrokerAndController() throws Exception {
        Map<String, Properties> conf = render(hosts(3, Map.of()), Map.of());
        String voters = "0@127.0.0.41:19093,1@127.0.0.42:19093,2@127.0.0.43:19093";
        for (int i = 0; i < 3; i++) {
            assertThat(conf.get("b" + i)).as("b" + i).containsExactlyInAnyOrderEntriesOf(voter(i, i, voters));
        }
    }

    @Test
    void ofFourHostsTheFirstThreeVoteAndTheFourthIsABrokerOnly() throws Exception {
        Map<String, Properties> conf = render(hosts(4, Map.of()), Map.of("broker_config", "{num.partitions: 6}"));
        String voters = "0@127.0.0.41:19093,1@127.0.0.42:19093,2@127.0.0.43:19093";
        for (int i = 0; i < 3; i++) {
            Map<String, String> expected = voter(i, i, voters);
            expected.put("num.partitions", "6");
            assertThat(conf.get("b" + i)).as("b" + i).containsExactlyInAnyOrderEntriesOf(expected);
        }
        Map<String, String> broker = common(3, 3, voters);
        broker.put("process.roles", "broker");
        broker.put("listeners", "PLAINTEXT://127.0.0.44:19092");
        broker.put("num.partitions", "6");
        assertThat(conf.get("b3")).containsExactlyInAnyOrderEntriesOf(broker);
    }

    @Test
    void hostVarsNameTheNodeIdsAndTheControllerCountIsOverridable() throws Exception {
        Map<Integer, String> nodeIds = Map.of(0, "node_id: 10", 1, "node_id: 11", 2, "node_id: 12", 3, "node_id: 13");
        Map<String, Properties> conf = render(hosts(4, nodeIds), Map.of("crucible_controller_count", "1"));
        assertThat(conf.get("b0")).containsExactlyInAnyOrderEntriesOf(voter(0, 10, "10@127.0.0.41:19093"));
        for (int i = 1; i < 4; i++) {
            assertThat(conf.get("b" + i).getProperty("node.id")).isEqualTo(Integer.toString(10 + i));
            assertThat(conf.get("b" + i).getProperty("process.roles")).isEqualTo("broker");
            assertThat(conf.get("b" + i).getProperty("controller.quorum.voters")).isEqualTo("10@127.0.0.41:19093");
            assertThat(conf.get("b" + i).getProperty("listeners")).doesNotContain("CONTROLLER");
        }
    }

    @Test
    void moreControllersThanHostsOrTwoHostsWithOneNodeIdAreRefused() throws Exception {
        Ansible.Run tooMany = ansible().playbook(inventory(hosts(4, Map.of()), Map.of("crucible_controller_count", "5")), RENDER);
        assertThat(tooMany.code()).as(tooMany.out()).isNotZero();
        assertThat(tooMany.out()).contains("needs 1 to 4 controllers (crucible_controller_count is 5)");
        assertThat(tmp.resolve("b0/broker/server.properties")).as("nothing written").doesNotExist();

        Ansible.Run twice = ansible().playbook(inventory(hosts(3, Map.of(2, "node_id: 0")), Map.of()), RENDER);
        assertThat(twice.code()).as(twice.out()).isNotZero();
        assertThat(twice.out()).contains("node ids 0,1,0");
    }

    /** Settings every node has: node.id, voters, advertised listener, data folder. */
    private Map<String, String> common(int host, int nodeId, String voters) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("node.id", Integer.toString(nodeId));
        m.put("controller.quorum.voters", voters);
        m.put("advertised.listeners", "PLAINTEXT://" + address(host) + ":" + PORT);
        m.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        m.put("controller.listener.names", "CONTROLLER");
        m.put("log.dirs", tmp.resolve("b" + host).resolve("broker/data").toString());
        return m;
    }

    /** What a voter of the quorum has: both roles, and the controller listener beside the client one. */
    private Map<String, String> voter(int host, int nodeId, String voters) {
        Map<String, String> m = common(host, nodeId, voters);
        m.put("process.roles", "broker,controller");
        m.put("listeners", "PLAINTEXT://" + address(host) + ":" + PORT + ",CONTROLLER://" + address(host) + ":" + CONTROLLER_PORT);
        return m;
    }

    private static String address(int host) {
        return "127.0.0.4" + (host + 1);
    }

    /** Hosts b0.. in group brokers, each with its own address and folder; {@code extra} adds a host's own vars by index. */
    private Map<String, String> hosts(int n, Map<Integer, String> extra) {
        Map<String, String> hosts = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String vars = "{ansible_host: " + address(i) + ", crucible_root: " + tmp.resolve("b" + i)
                    + (extra.containsKey(i) ? ", " + extra.get(i) : "") + "}";
            hosts.put("b" + i, vars);
        }
        return hosts;
    }

    private Path inventory(Map<String, String> hosts, Map<String, String> vars) throws IOException {
        StringBuilder y = new StringBuilder("---\nall:\n  vars:\n    ansible_connection: local\n")
                .append("    ansible_python_interpreter: /usr/bin/python3\n")
                .append("    broker_port: ").append(PORT).append('\n')
                .append("    broker_controller_port: ").append(CONTROLLER_PORT).append('\n');
        vars.forEach((k, v) -> y.append("    ").append(k).append(": ").append(v).append('\n'));
        y.append("  children:\n    brokers:\n      hosts:\n");
        hosts.forEach((name, hostVars) -> y.append("        ").append(name).append(": ").append(hostVars).append('\n'));
        Path file = Files.createTempFile(tmp, "inventory", ".yml");
        Files.writeString(file, y, StandardCharsets.UTF_8);
        return file;
    }

    /** Renders every host's server.properties and reads them back, by host name. */
    private Map<String, Properties> render(Map<String, String> hosts, Map<String, String> vars) throws Exception {
        Ansible.Run run = ansible().playbook(inventory(hosts, vars), RENDER);
        assertThat(run.code()).as(run.out()).isZero();
        Map<String, Properties> out = new LinkedHashMap<>();
        for (String host : hosts.keySet()) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(tmp.resolve(host).resolve("broker/server.properties"))) {
                p.load(r);
            }
            out.put(host, p);
        }
        return out;
    }

    private Ansible ansible() throws IOException {
        return new Ansible(Files.createDirectories(tmp.resolve("ansible")));
    }
}

package dev.crucible.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crucible.launch.process.Tcp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playbooks for real, on this one machine: five inventory hosts on their own loopback
 * addresses (127.0.0.x, local connection), each with its own directory and ports: a broker-ref
 * cluster of two (the first its one voter), two load workers, one Apache Kafka node. Lint, deploy, produce and consume through every
 * broker, a short bench.yml with both workers, deploy again with nothing changed, a rolling restart,
 * and a teardown that leaves no process, port or directory behind.
 */
class AnsibleDeployTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KAFKA_VERSION = "4.3.1";

    @TempDir Path tmp;

    private Ansible ansible;

    private record Host(String name, String group, String address, int port) {}

    @Test
    void deployBenchRedeployRestartAndTeardown() throws Exception {
        List<Host> hosts = List.of(
                new Host("b1", "brokers", "127.0.0.11", Tcp.freeLoopbackPort()),
                new Host("b2", "brokers", "127.0.0.12", Tcp.freeLoopbackPort()),
                new Host("w1", "workers", "127.0.0.21", Tcp.freeLoopbackPort()),
                new Host("w2", "workers", "127.0.0.22", Tcp.freeLoopbackPort()),
                new Host("k1", "kafka", "127.0.0.31", Tcp.freeLoopbackPort()));
        ansible = new Ansible(tmp);
        Path inventory = inventory(hosts);
        List<Long> pids = new ArrayList<>();
        try {
            Ansible.Run syntax = ansible.playbook(inventory, "--syntax-check", "deploy.yml", "bench.yml", "compare_versions.yml",
                    "rolling_restart.yml", "teardown.yml");
            assertThat(syntax.code()).as(syntax.out()).isZero();
            Ansible.Run lint = ansible.run(List.of("ansible-lint"), 300, null);
            assertThat(lint.code()).as(lint.out()).isZero();
            Ansible.Run yaml = ansible.run(List.of("yamllint", "."), 120, null);
            assertThat(yaml.code()).as(yaml.out()).isZero();

            Ansible.Run deploy = ansible.playbook(inventory, "deploy.yml");
            assertThat(deploy.code()).as(deploy.out()).isZero();
            pids.addAll(servicePids(hosts));
            assertThat(pids).hasSize(5);
            for (Host h : hosts) {
                assertThat(Tcp.accepts(h.address, h.port, 1000)).as(h + " listens").isTrue();
                if (!h.group.equals("workers")) {
                    ansible.produceAndConsume(h.address + ":" + h.port);
                }
            }

            // Two producers and two consumers, so each worker runs one of each and the run merges both.
            Path workload = tmp.resolve("two-workers.yaml");
            Files.writeString(workload, "name: two-workers\ntopics: 1\npartitionsPerTopic: 4\nmessageSize: 256\n"
                    + "subscriptionsPerTopic: 1\nconsumerPerSubscription: 2\nproducersPerTopic: 2\nproducerRate: 2000\n"
                    + "consumerBacklogSizeGB: 0\ntestDurationMinutes: 1\nwarmupDurationMinutes: 1\n");
            Path results = tmp.resolve("results");
            Ansible.Run bench = ansible.playbook(inventory, "bench.yml", "-e", "bench_duration=4s", "-e", "bench_warmup=1s",
                    "-e", "bench_workload=" + workload, "-e", "bench_results_dir=" + results, "-e", "bench_id=run1");
            assertThat(bench.code()).as(bench.out()).isZero();
            List<Path> runs;
            try (Stream<Path> s = Files.list(results.resolve("run1"))) {
                runs = s.filter(p -> Files.exists(p.resolve("run.json"))).toList();
            }
            assertThat(runs).hasSize(1);
            JsonNode run = JSON.readTree(runs.get(0).resolve("run.json").toFile());
            assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("COMPLETE");
            assertThat(run.path("clocks").size()).as("both workers' clocks: " + run.path("clocks")).isEqualTo(2);
            assertThat(run.toString()).contains("127.0.0.21:" + hosts.get(2).port).contains("127.0.0.22:" + hosts.get(3).port);
            JsonNode totals = run.path("sequences").path("totals");
            assertThat(totals.path("acked").asLong()).as(totals.toString()).isPositive();
            assertThat(totals.path("delivered").asLong()).isEqualTo(totals.path("acked").asLong());
            assertThat(totals.path("lost").asLong()).isZero();
            // 2,000 msg/s for the 4 measured seconds, whichever worker sent them
            assertThat(run.path("summary").path("latencyMicros").path("response").path("count").asLong()).isEqualTo(8000);
            assertThat(bench.out()).contains("2 worker(s)");
            assertThat(Files.size(runs.get(0).resolve("publish.hlog"))).isPositive();
            assertThat(results.resolve("run1").resolve("report.html")).exists();

            Ansible.Run again = ansible.playbook(inventory, "deploy.yml");
            assertThat(again.code()).as(again.out()).isZero();
            for (Host h : hosts) {
                assertThat(again.out()).as("second deploy changes nothing on " + h.name)
                        .containsPattern(h.name + "\\s*:\\s*ok=\\d+\\s+changed=0\\s");
            }
            assertThat(servicePids(hosts)).as("nothing restarted").isEqualTo(pids);

            Ansible.Run restart = ansible.playbook(inventory, "rolling_restart.yml");
            assertThat(restart.code()).as(restart.out()).isZero();
            List<Long> after = servicePids(hosts);
            pids.addAll(after);
            for (int i = 0; i < hosts.size(); i++) {
                boolean restarted = !after.get(i).equals(pids.get(i));
                assertThat(restarted).as(hosts.get(i) + " restarted").isEqualTo(!hosts.get(i).group.equals("workers"));
            }
            ansible.produceAndConsume(hosts.get(0).address + ":" + hosts.get(0).port);

            Ansible.Run teardown = ansible.playbook(inventory, "teardown.yml");
            assertThat(teardown.code()).as(teardown.out()).isZero();
            for (Host h : hosts) {
                assertThat(tmp.resolve(h.name)).as(h.name + " directory removed").doesNotExist();
                assertThat(Tcp.accepts(h.address, h.port, 500)).as(h + " port closed").isFalse();
            }
            for (long pid : pids) {
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("pid " + pid).isFalse();
            }
        } finally {
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            for (Host h : hosts) {
                Ansible.killLeftovers(tmp.resolve(h.name));
            }
        }
    }

    /** Each host's service pid, in host order, from its supervisor's pid file. */
    private List<Long> servicePids(List<Host> hosts) throws IOException {
        List<Long> out = new ArrayList<>();
        for (Host h : hosts) {
            String service = switch (h.group) {
                case "brokers" -> "broker";
                case "workers" -> "worker";
                default -> "kafka";
            };
            out.add(Long.parseLong(Files.readString(tmp.resolve(h.name).resolve("run").resolve(service + ".pid")).trim()));
        }
        return out;
    }

    private Path inventory(List<Host> hosts) throws IOException {
        Map<String, StringBuilder> groups = new LinkedHashMap<>();
        for (Host h : hosts) {
            String port = switch (h.group) {
                case "brokers" -> "broker_port";
                case "workers" -> "worker_port";
                default -> "kafka_port";
            };
            StringBuilder g = groups.computeIfAbsent(h.group, k -> new StringBuilder());
            g.append("        ").append(h.name).append(":\n")
                    .append("          ansible_host: ").append(h.address).append('\n')
                    .append("          crucible_root: ").append(tmp.resolve(h.name)).append('\n')
                    .append("          ").append(port).append(": ").append(h.port).append('\n');
            if (h.group.equals("kafka")) {
                g.append("          kafka_controller_port: ").append(Tcp.freeLoopbackPort()).append('\n');
            }
            if (h.group.equals("brokers")) {
                g.append("          broker_controller_port: ").append(Tcp.freeLoopbackPort()).append('\n');
            }
        }
        StringBuilder y = new StringBuilder("---\nall:\n  vars:\n")
                .append("    ansible_connection: local\n")
                .append("    ansible_python_interpreter: /usr/bin/python3\n")
                .append("    crucible_build: false\n")
                .append("    crucible_supervisor: pidfile\n")
                .append("    broker_heap: 256m\n")
                .append("    worker_heap: 512m\n")
                .append("    kafka_heap: 512m\n")
                .append("    kafka_version: ").append(KAFKA_VERSION).append('\n')
                .append("  children:\n");
        groups.forEach((name, body) -> y.append("    ").append(name).append(":\n      hosts:\n").append(body));
        Path file = tmp.resolve("inventory.yml");
        Files.writeString(file, y, StandardCharsets.UTF_8);
        return file;
    }
}

package dev.crucible.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crucible.load.peer.Tcp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The playbooks for real, on this one machine: five inventory hosts on their own loopback
 * addresses (127.0.0.x, local connection), each with its own directory and ports: two broker-ref
 * brokers, two load workers, one Apache Kafka node. Lint, deploy, produce and consume through every
 * broker, a short bench.yml with both workers, deploy again with nothing changed, a rolling restart,
 * and a teardown that leaves no process, port or directory behind.
 */
class AnsibleDeployTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ANSIBLE = Path.of("").toAbsolutePath();
  private static final String KAFKA_VERSION = "4.3.1";

  @TempDir Path tmp;

  private record Host(String name, String group, String address, int port) {}

  @Test
  void deployBenchRedeployRestartAndTeardown() throws Exception {
    List<Host> hosts = List.of(
        new Host("b1", "brokers", "127.0.0.11", Tcp.freeLoopbackPort()),
        new Host("b2", "brokers", "127.0.0.12", Tcp.freeLoopbackPort()),
        new Host("w1", "workers", "127.0.0.21", Tcp.freeLoopbackPort()),
        new Host("w2", "workers", "127.0.0.22", Tcp.freeLoopbackPort()),
        new Host("k1", "kafka", "127.0.0.31", Tcp.freeLoopbackPort()));
    Path inventory = inventory(hosts);
    List<Long> pids = new ArrayList<>();
    try {
      Run syntax = playbook(inventory, "--syntax-check", "deploy.yml", "bench.yml", "compare_versions.yml",
          "rolling_restart.yml", "teardown.yml");
      assertThat(syntax.code).as(syntax.out).isZero();
      Run lint = run(List.of("ansible-lint"), 300);
      assertThat(lint.code).as(lint.out).isZero();
      Run yaml = run(List.of("yamllint", "."), 120);
      assertThat(yaml.code).as(yaml.out).isZero();

      Run deploy = playbook(inventory, "deploy.yml");
      assertThat(deploy.code).as(deploy.out).isZero();
      pids.addAll(servicePids(hosts));
      assertThat(pids).hasSize(5);
      for (Host h : hosts) {
        assertThat(Tcp.accepts(h.address, h.port, 1000)).as(h + " listens").isTrue();
        if (!h.group.equals("workers")) {
          produceAndConsume(h);
        }
      }

      Path results = tmp.resolve("results");
      Run bench = playbook(inventory, "bench.yml", "-e", "bench_duration=4s", "-e", "bench_warmup=1s",
          "-e", "bench_args='--rate 2000'", "-e", "bench_results_dir=" + results, "-e", "bench_id=run1");
      assertThat(bench.code).as(bench.out).isZero();
      List<Path> runs;
      try (Stream<Path> s = Files.list(results.resolve("run1"))) {
        runs = s.filter(p -> Files.exists(p.resolve("run.json"))).toList();
      }
      assertThat(runs).hasSize(1);
      JsonNode run = JSON.readTree(runs.get(0).resolve("run.json").toFile());
      assertThat(run.path("status").asText()).as(run.toString()).isEqualTo("COMPLETE");
      assertThat(run.path("clocks").size()).as("both workers' clocks: " + run.path("clocks")).isEqualTo(2);
      assertThat(run.toString()).contains("127.0.0.21:" + hosts.get(2).port).contains("127.0.0.22:" + hosts.get(3).port);
      assertThat(run.path("summary").toString()).isNotEmpty();
      assertThat(Files.size(runs.get(0).resolve("publish.hlog"))).isPositive();
      assertThat(results.resolve("run1").resolve("report.html")).exists();

      Run again = playbook(inventory, "deploy.yml");
      assertThat(again.code).as(again.out).isZero();
      for (Host h : hosts) {
        assertThat(again.out).as("second deploy changes nothing on " + h.name)
            .containsPattern(h.name + "\\s*:\\s*ok=\\d+\\s+changed=0\\s");
      }
      assertThat(servicePids(hosts)).as("nothing restarted").isEqualTo(pids);

      Run restart = playbook(inventory, "rolling_restart.yml");
      assertThat(restart.code).as(restart.out).isZero();
      List<Long> after = servicePids(hosts);
      pids.addAll(after);
      for (int i = 0; i < hosts.size(); i++) {
        boolean restarted = !after.get(i).equals(pids.get(i));
        assertThat(restarted).as(hosts.get(i) + " restarted").isEqualTo(!hosts.get(i).group.equals("workers"));
      }
      produceAndConsume(hosts.get(0));

      Run teardown = playbook(inventory, "teardown.yml");
      assertThat(teardown.code).as(teardown.out).isZero();
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
        Path pidFile = tmp.resolve(h.name).resolve("run");
        if (Files.isDirectory(pidFile)) {
          try (Stream<Path> s = Files.list(pidFile)) {
            for (Path p : s.toList()) {
              ProcessHandle.of(Long.parseLong(Files.readString(p).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
          }
        }
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

  /** Three messages in through kcat, and the same three out again, in order. */
  private void produceAndConsume(Host h) throws Exception {
    String broker = h.address + ":" + h.port;
    String topic = "ansible-smoke-" + System.nanoTime();
    Run produce = run(List.of("kcat", "-b", broker, "-P", "-t", topic, "-p", "0", "-X", "message.timeout.ms=30000"),
        60, "one\ntwo\nthree\n");
    assertThat(produce.code).as(produce.out).isZero();
    Run consume = run(List.of("kcat", "-b", broker, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q",
        "-X", "topic.metadata.refresh.interval.ms=500"), 60);
    assertThat(consume.code).as(consume.out).isZero();
    assertThat(consume.out.lines().toList()).as("through " + h).containsExactly("one", "two", "three");
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

  private record Run(int code, String out) {}

  private Run playbook(Path inventory, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ansible-playbook", "-i", inventory.toString()));
    cmd.addAll(List.of(args));
    Run r = run(cmd, 900);
    System.out.println(r.out);
    return r;
  }

  private Run run(List<String> cmd, long timeoutSeconds) throws Exception {
    return run(cmd, timeoutSeconds, null);
  }

  private Run run(List<String> cmd, long timeoutSeconds, String stdin) throws Exception {
    Path log = Files.createTempFile(tmp, "out", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(ANSIBLE.toFile()).redirectErrorStream(true)
        .redirectOutput(log.toFile());
    pb.environment().put("ANSIBLE_NOCOLOR", "1");
    pb.environment().put("ANSIBLE_CONFIG", ANSIBLE.resolve("ansible.cfg").toString());
    pb.environment().put("ANSIBLE_LOCAL_TEMP", tmp.resolve("ansible-tmp").toString());
    pb.environment().put("NO_COLOR", "1");
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    }
    Process p = pb.start();
    if (stdin != null) {
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
      return new Run(-1, "timed out after " + timeoutSeconds + " s: " + cmd + "\n" + Files.readString(log));
    }
    return new Run(p.exitValue(), Files.readString(log));
  }
}

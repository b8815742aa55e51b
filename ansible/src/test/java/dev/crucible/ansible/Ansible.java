package dev.crucible.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs ansible-playbook and friends from the ansible/ folder, and checks brokers with kcat. */
final class Ansible {
    static final Path DIR = Path.of("").toAbsolutePath();

    /** What a command did. */
    record Run(int code, String out) {}

    private final Path tmp;

    /** @param tmp where logs and Ansible's own temporary files go */
    Ansible(Path tmp) {
        this.tmp = tmp;
    }

    Run playbook(Path inventory, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ansible-playbook", "-i", inventory.toString()));
        cmd.addAll(List.of(args));
        Run r = run(cmd, 900, null);
        System.out.println(r.out);
        return r;
    }

    Run run(List<String> cmd, long timeoutSeconds, String stdin) throws Exception {
        Path log = Files.createTempFile(tmp, "out", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("ANSIBLE_NOCOLOR", "1");
        pb.environment().put("NO_COLOR", "1");
        pb.environment().put("ANSIBLE_CONFIG", DIR.resolve("ansible.cfg").toString());
        pb.environment().put("ANSIBLE_LOCAL_TEMP", tmp.resolve("ansible-tmp").toString());
        pb.environment().put("ANSIBLE_SSH_CONTROL_PATH_DIR", tmp.resolve("ansible-cp").toString());
        // SSH master connections end 5 s after the last use rather than Ansible's 60 s.
        pb.environment().put("ANSIBLE_SSH_ARGS", "-o ControlMaster=auto -o ControlPersist=5s");
        // One SSH command per module run (the module piped to the remote python) instead of three or four
        // (make a temporary directory, copy the module, run it, remove it): each one starts the remote
        // user's shell, a good part of a task's time over SSH.
        pb.environment().put("ANSIBLE_PIPELINING", "True");
        if (stdin == null) {
            pb.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
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

    /** Three messages in through kcat, and the same three out again, in order. */
    void produceAndConsume(String broker) throws Exception {
        String topic = "ansible-smoke-" + System.nanoTime();
        // idempotent, so a retried first batch (the topic is created by this produce; a just-restarted node may not
        // lead yet) cannot land after the next ones: without it librdkafka may reorder on retry, as Kafka allows
        Run produce = run(List.of("kcat", "-b", broker, "-P", "-t", topic, "-p", "0", "-X", "message.timeout.ms=30000",
                "-X", "enable.idempotence=true"),
                60, "one\ntwo\nthree\n");
        assertThat(produce.code()).as(produce.out()).isZero();
        Run consume = run(List.of("kcat", "-b", broker, "-C", "-t", topic, "-p", "0", "-o", "beginning", "-e", "-q",
                "-X", "topic.metadata.refresh.interval.ms=500"), 60, null);
        assertThat(consume.code()).as(consume.out()).isZero();
        assertThat(consume.out().lines().toList()).as("through " + broker).containsExactly("one", "two", "three");
    }

    /** Kills what a pid-file supervisor under {@code root} still runs (test clean-up). */
    static void killLeftovers(Path root) throws Exception {
        Path run = root.resolve("run");
        if (!Files.isDirectory(run)) {
            return;
        }
        try (var s = Files.list(run)) {
            for (Path p : s.toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(p).trim())).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
    }
}

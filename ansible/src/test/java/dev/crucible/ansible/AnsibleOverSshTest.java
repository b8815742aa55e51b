package dev.crucible.ansible;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.chaos.net.NetLab;
import dev.crucible.launch.process.Tcp;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same roles over SSH: a host in a network namespace of its own (as root) running an sshd of
 * the test's own, reached with a key made for the test. deploy.yml puts a broker and a worker there
 * (they run inside the namespace, since SSH sessions do), the broker is produced to and consumed
 * from over the bridge, and teardown.yml removes everything.
 */
class AnsibleOverSshTest {
    private static final Path SSHD = Path.of("/usr/sbin/sshd");

    @TempDir Path tmp;

    @Test
    void deployAndTeardownOverSsh() throws Exception {
        Assumptions.assumeTrue(NetLab.unavailableReason().isEmpty(),
                () -> "network namespaces unavailable: " + NetLab.unavailableReason().orElse(""));
        Assumptions.assumeTrue(Files.isExecutable(SSHD), "no sshd (Debian package openssh-server)");
        Ansible ansible = new Ansible(tmp);
        Path root = tmp.resolve("s1");
        try (NetLab lab = NetLab.create(Long.toString(ProcessHandle.current().pid() % 100000, 36) + "s", 1)) {
            String address = lab.nodeAddress(0);
            Path key = tmp.resolve("id_ed25519");
            keygen(ansible, key);
            keygen(ansible, tmp.resolve("host_key"));
            Files.copy(tmp.resolve("id_ed25519.pub"), tmp.resolve("authorized_keys"));
            Files.createDirectories(Path.of("/run/sshd"));
            Files.writeString(tmp.resolve("sshd_config"), String.join("\n",
                    "ListenAddress " + address, "Port 22", "HostKey " + tmp.resolve("host_key"),
                    "PidFile " + tmp.resolve("sshd.pid"), "AuthorizedKeysFile " + tmp.resolve("authorized_keys"),
                    "PermitRootLogin prohibit-password", "PasswordAuthentication no", "KbdInteractiveAuthentication no",
                    "UsePAM no", "StrictModes no", "Subsystem sftp /usr/lib/openssh/sftp-server",
                    // sshd runs each command with the user's shell, and bash started by sshd reads ~/.bashrc unless
                    // SHLVL says it is nested: Ansible's commands do not need the rc of whoever runs the suite (a
                    // pyenv init there made each command take 5 s instead of under 1 s on a loaded machine).
                    "SetEnv SHLVL=1", ""));
            List<String> cmd = new ArrayList<>(lab.commandPrefix(0));
            cmd.addAll(List.of(SSHD.toString(), "-D", "-e", "-f", tmp.resolve("sshd_config").toString()));
            Process sshd = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("sshd.log").toFile())
                    .start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!Tcp.accepts(address, 22, 500) && System.nanoTime() < deadline && sshd.isAlive()) {
                    Thread.sleep(100);
                }
                assertThat(Tcp.accepts(address, 22, 1000)).as(Files.readString(tmp.resolve("sshd.log"))).isTrue();
                int brokerPort = 9092;
                Path inventory = tmp.resolve("inventory.yml");
                Files.writeString(inventory, String.join("\n",
                        "---", "all:", "  vars:",
                        "    ansible_connection: ssh",
                        "    ansible_user: root",
                        "    ansible_ssh_private_key_file: " + key,
                        "    ansible_ssh_common_args: '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null'",
                        "    ansible_python_interpreter: /usr/bin/python3",
                        "    crucible_build: false",
                        "    crucible_supervisor: pidfile",
                        "    broker_heap: 256m",
                        "    worker_heap: 256m",
                        "  children:",
                        "    brokers:", "      hosts:", "        s1:",
                        "          ansible_host: " + address, "          crucible_root: " + root,
                        "          broker_port: " + brokerPort,
                        "    workers:", "      hosts:", "        s1:", ""), StandardCharsets.UTF_8);

                Ansible.Run deploy = ansible.playbook(inventory, "deploy.yml");
                assertThat(deploy.code()).as(deploy.out()).isZero();
                assertThat(deploy.out()).containsPattern("s1\\s*:\\s*ok=\\d+\\s+changed=[1-9]");
                // The services run in the namespace the SSH session was in: reachable on its address only.
                assertThat(Tcp.accepts(address, brokerPort, 1000)).isTrue();
                assertThat(Tcp.accepts(address, 8090, 1000)).isTrue();
                ansible.produceAndConsume(address + ":" + brokerPort);

                Ansible.Run again = ansible.playbook(inventory, "deploy.yml");
                assertThat(again.code()).as(again.out()).isZero();
                assertThat(again.out()).containsPattern("s1\\s*:\\s*ok=\\d+\\s+changed=0\\s");

                Ansible.Run teardown = ansible.playbook(inventory, "teardown.yml");
                assertThat(teardown.code()).as(teardown.out()).isZero();
                assertThat(root).doesNotExist();
                assertThat(Tcp.accepts(address, brokerPort, 500)).isFalse();
            } finally {
                Ansible.killLeftovers(root);
                // Sessions Ansible keeps open (ControlPersist) are the daemon's children: end them too.
                sshd.descendants().forEach(ProcessHandle::destroy);
                sshd.destroy();
                if (!sshd.waitFor(10, TimeUnit.SECONDS)) {
                    sshd.destroyForcibly();
                }
            }
        }
    }

    private static void keygen(Ansible ansible, Path file) throws Exception {
        Ansible.Run r = ansible.run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", file.toString()), 30, null);
        assertThat(r.code()).as(r.out()).isZero();
    }
}

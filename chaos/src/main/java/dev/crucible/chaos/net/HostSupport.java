package dev.crucible.chaos.net;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What this host offers a lab, probed once per JVM: where the tools are, and for the lab as a whole,
 * packet loss and bandwidth caps, why each is unavailable (empty when it works).
 *
 * <p>The probe does for real what a lab needs, in a throwaway namespace
 * ({@link LabNames#probeNamespace}): creates it, installs and replaces fault rules with
 * {@code iptables-restore} inside it (which catches an iptables whose backend does not work in a
 * namespace), adds a {@code statistic} rule and a {@code tbf} qdisc, then deletes it.
 *
 * @param tools the commands the lab runs, when all it needs were found
 * @param labReason why no lab can be made here
 * @param lossReason why {@link NetLab#loss} cannot work here
 * @param bandwidthReason why {@link NetLab#bandwidth} cannot work here
 */
record HostSupport(Optional<Tools> tools, Optional<String> labReason, Optional<String> lossReason,
        Optional<String> bandwidthReason) {

    /**
     * Absolute paths of the commands a lab runs.
     *
     * @param tc empty when not installed; only bandwidth caps need it
     */
    record Tools(String ip, String iptablesRestore, String bash, Optional<String> tc) {

        /** {@code ip netns exec NS} followed by {@code command}. */
        List<String> inNamespace(String namespace, String... command) {
            List<String> argv = new ArrayList<>(List.of(ip, "netns", "exec", namespace));
            argv.addAll(List.of(command));
            return argv;
        }
    }

    private static HostSupport probed;

    /** The probe's result, running it on first use. */
    static synchronized HostSupport get() {
        if (probed == null) {
            probed = probe();
        }
        return probed;
    }

    private static HostSupport unusable(String reason) {
        return new HostSupport(Optional.empty(), Optional.of(reason), Optional.of(reason), Optional.of(reason));
    }

    private static HostSupport probe() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return unusable("network namespaces need Linux");
        }
        long uid = effectiveUid();
        if (uid != 0) {
            return unusable("needs root (network namespaces and iptables need CAP_SYS_ADMIN and "
                    + "CAP_NET_ADMIN); running as uid " + uid);
        }
        Optional<String> ip = Exec.locate("ip");
        if (ip.isEmpty()) {
            return unusable("ip not installed: apt-get install iproute2");
        }
        Optional<String> restore = Exec.locate("iptables-restore");
        if (restore.isEmpty()) {
            return unusable("iptables not installed: apt-get install iptables");
        }
        Optional<String> bash = Exec.locate("bash");
        if (bash.isEmpty()) {
            return unusable("bash not installed (reachability probes use its /dev/tcp): apt-get install bash");
        }
        Tools tools = new Tools(ip.get(), restore.get(), bash.get(), Exec.locate("tc"));
        return probeIn(tools, LabNames.probeNamespace(ProcessHandle.current().pid()));
    }

    private static HostSupport probeIn(Tools tools, String namespace) {
        // A namespace with our pid in its name is a leftover of a dead process that had our pid.
        runQuietly(List.of(tools.ip(), "netns", "del", namespace));
        Exec.Result made = runQuietly(List.of(tools.ip(), "netns", "add", namespace));
        if (!made.ok()) {
            return unusable("cannot create a network namespace: " + made.failure());
        }
        try {
            Exec.Result rules = restore(tools, namespace, FaultRules.install());
            if (rules.ok()) {
                rules = restore(tools, namespace, FaultRules.replace(List.of("192.0.2.1"), 0));
            }
            if (!rules.ok()) {
                return unusable("iptables does not work inside a network namespace: " + rules.failure());
            }
            Exec.Result loss = restore(tools, namespace, FaultRules.replace(List.of(), 0.5));
            Optional<String> lossReason = loss.ok() ? Optional.empty()
                    : Optional.of("iptables' statistic match (xt_statistic) does not work: " + loss.failure());
            return new HostSupport(Optional.of(tools), Optional.empty(), lossReason, tbfReason(tools, namespace));
        } finally {
            runQuietly(List.of(tools.ip(), "netns", "del", namespace));
        }
    }

    private static Optional<String> tbfReason(Tools tools, String namespace) {
        if (tools.tc().isEmpty()) {
            return Optional.of("tc not installed: apt-get install iproute2");
        }
        Exec.Result tbf = runQuietly(List.of(tools.tc().get(), "-n", namespace, "qdisc", "add", "dev", "lo",
                "root", "tbf", "rate", "1mbit", "burst", "4096", "latency", "100ms"));
        return tbf.ok() ? Optional.empty()
                : Optional.of("the kernel has no tbf qdisc (sch_tbf), so no bandwidth caps: " + tbf.failure());
    }

    private static Exec.Result restore(Tools tools, String namespace, String rules) {
        List<String> argv = tools.inNamespace(namespace, tools.iptablesRestore(), "-w", "5", "--noflush");
        try {
            return Exec.run(argv, rules, Exec.DEFAULT_TIMEOUT);
        } catch (IOException e) {
            return new Exec.Result(argv, -1, false, "", e.toString());
        }
    }

    private static Exec.Result runQuietly(List<String> argv) {
        try {
            return Exec.run(argv, null, Exec.DEFAULT_TIMEOUT);
        } catch (IOException e) {
            return new Exec.Result(argv, -1, false, "", e.toString());
        }
    }

    /** The effective user id, from /proc/self/status ("Uid: real effective saved fs"). */
    static long effectiveUid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"), StandardCharsets.UTF_8)) {
                if (line.startsWith("Uid:")) {
                    return Long.parseLong(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through: unknown counts as not root
        }
        return -1;
    }
}

package dev.crucible.chaos;

import dev.crucible.chaos.client.ClientContext;
import dev.crucible.chaos.client.Crashes;
import dev.crucible.chaos.cluster.Liveness;
import dev.crucible.chaos.nemesis.AdminNemesis;
import dev.crucible.chaos.nemesis.ControllerCutNemesis;
import dev.crucible.chaos.nemesis.CrashNemesis;
import dev.crucible.chaos.nemesis.DiskDamage;
import dev.crucible.chaos.nemesis.DiskNemesis;
import dev.crucible.chaos.nemesis.FailoverNemesis;
import dev.crucible.chaos.nemesis.KillNemesis;
import dev.crucible.chaos.nemesis.Leadership;
import dev.crucible.chaos.net.DataDisks;
import dev.crucible.chaos.nemesis.Nemesis;
import dev.crucible.chaos.nemesis.PartitionNemesis;
import dev.crucible.chaos.nemesis.PauseNemesis;
import dev.crucible.chaos.nemesis.ProxyNemesis;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/** The nemeses by name, and what each needs from the run. */
public final class Nemeses {
    /** Every name with a line of help, in the order --help lists them. */
    public static final Map<String, String> HELP = help();

    private Nemeses() {}

    private static Map<String, String> help() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("kill", "SIGKILL a node; restart it when the fault ends");
        m.put("pause", "SIGSTOP a node; SIGCONT when the fault ends");
        m.put("latency", "fault proxy: 100 ms +- 50 ms each way on a node's client links");
        m.put("bandwidth", "fault proxy: cap a node's client links at 32 KiB/s each way");
        m.put("blackhole", "fault proxy: swallow a node's client traffic, one way or both");
        m.put("reset", "fault proxy: reset every connection to a node and refuse new ones");
        m.put("slow-close", "fault proxy: delay closes by 2 s");
        m.put("proxy", "one of latency, bandwidth, blackhole, reset, slow-close at random");
        m.put("truncate", "disk: stop a node, cut a partition's newest segment inside one of its last batches (a torn"
                + " write), start it again");
        m.put("bitflip", "disk: stop a node, flip one bit of a batch its CRC covers in a segment tail, start it again");
        m.put("fill", "disk (root): fill a node's data disk (a tmpfs of its own) while it runs; free it and restart");
        m.put("disk", "one of truncate, bitflip, fill (fill only as root) at random");
        m.put("crash", "client side, any target: every client dies mid-operation and starts over as a new process");
        m.put("admin", "any target: side topics created, grown, reconfigured, deleted (also while consumers long-poll"
                + " them); 40,000-partition and 2,000-topic CreateTopics; a Produce batch lying about its record count");
        m.put("partition", "network namespaces + iptables (root): isolate a node (clients too when there is one node),"
                + " halves, majorities ring, bridge or one-way");
        m.put("loss", "network namespaces + iptables (root): drop 30% of a node's inbound packets");
        m.put("failover", "network namespaces (root), 3+ nodes: cut replication between a partition's replicas, kill its"
                + " leader, then its successor as soon as Metadata names it: the last follower must take over with what it"
                + " held (KIP-101's double failover)");
        m.put("controller-cut", "network namespaces (root), 3+ nodes: cut a partition's leader off the controller quorum"
                + " and off the follower elected next; clients and the other follower still reach it (needs"
                + " replica.lag.time.max.ms below broker.session.timeout.ms)");
        return m;
    }

    /** Side topics are {@code crucible-admin-<seed>-<this process>-...}: never the workload's, never another run's. */
    private static Nemesis admin(Testbed bed, Liveness liveness, ChaosSpec spec) {
        Map<String, Object> config = new HashMap<>(ClientContext.sharedConfig(bed.cluster.bootstrap()));
        config.putAll(spec.clientConfig());
        String prefix = "crucible-admin-" + spec.seed() + "-" + Long.toString(ProcessHandle.current().pid() % 100000, 36);
        return new AdminNemesis(config, bed.cluster.bootstrap(), prefix, liveness, Liveness.TIMEOUT);
    }

    static void requireKnown(Set<String> names) {
        for (String n : names) {
            if (!HELP.containsKey(n)) {
                throw new IllegalArgumentException("unknown nemesis '" + n + "'; known: " + String.join(", ", HELP.keySet()));
            }
        }
    }

    static boolean needsLab(String name) {
        return name.equals("partition") || name.equals("loss") || isLeadership(name);
    }

    /** Whether the nemesis reads partition leadership from Metadata and cuts cluster links (needs 3+ nodes). */
    static boolean isLeadership(String name) {
        return name.equals("failover") || name.equals("controller-cut");
    }

    /** Reads the run topic's partition roles, matching brokers to nodes by the proxy port each advertises. */
    private static Leadership leadership(Testbed bed, ChaosSpec spec) {
        Map<String, Object> config = new HashMap<>(ClientContext.sharedConfig(bed.cluster.bootstrap()));
        config.putAll(spec.clientConfig());
        Map<Integer, Integer> byPort = new HashMap<>();
        for (int i = 0; i < bed.proxies.size(); i++) {
            byPort.put(bed.proxies.get(i).address().getPort(), i);
        }
        return new Leadership(config, byPort);
    }

    /** Whether the nemesis damages a node's disk (needs its data directory). */
    static boolean isDisk(String name) {
        return name.equals("disk") || DiskNemesis.KINDS.contains(name);
    }

    /** Whether the run should give each node a disk of its own: fill asked for, or disk where fill can run. */
    static boolean needsDisks(Set<String> names) {
        return names.contains("fill") || names.contains("disk") && DataDisks.unavailableReason().isEmpty();
    }

    static Map<String, Nemesis> create(Set<String> names, Testbed bed, String topic, DiskDamage damage,
            Crashes crashes, LongSupplier processesStarted, Liveness liveness, ChaosSpec spec) {
        Map<String, Nemesis> out = new LinkedHashMap<>();
        for (String n : names) {
            boolean proxyFault = ProxyNemesis.KINDS.contains(n) || n.equals("proxy");
            if ((n.equals("kill") || n.equals("pause") || needsLab(n) || isDisk(n)) && bed.cluster.nodes().isEmpty()) {
                throw new IllegalArgumentException("nemesis '" + n + "' needs nodes the run launched; target "
                        + bed.cluster.kind() + " has none (only client-side faults apply)");
            }
            if (isLeadership(n) && (bed.cluster.nodes().size() < 3 || bed.ports.size() != bed.cluster.nodes().size())) {
                throw new IllegalArgumentException("nemesis '" + n + "' needs a cluster of 3 or more nodes the run launched"
                        + " (--nodes 3), each in its network namespace; this run has " + bed.cluster.nodes().size());
            }
            if (proxyFault && bed.proxies.isEmpty()) {
                throw new IllegalArgumentException("nemesis '" + n + "' needs the fault proxies, which only a launched"
                        + " target has (its nodes advertise them)");
            }
            out.put(n, switch (n) {
                case "kill" -> new KillNemesis(bed.cluster.nodes(), Testbed.START_TIMEOUT);
                case "pause" -> new PauseNemesis(bed.cluster.nodes());
                case "partition", "loss" -> new PartitionNemesis(n, bed.lab, bed.cluster.nodes().size());
                case "crash" -> new CrashNemesis(crashes, processesStarted);
                case "failover" -> new FailoverNemesis(bed.cluster.nodes(), bed.lab, bed.ports, leadership(bed, spec), topic,
                        Testbed.START_TIMEOUT);
                case "controller-cut" -> new ControllerCutNemesis(bed.cluster.nodes(), bed.lab, bed.ports, leadership(bed, spec),
                        topic);
                case "admin" -> admin(bed, liveness, spec);
                case "truncate", "bitflip", "fill", "disk" -> new DiskNemesis(n, bed.cluster.nodes(), topic, damage,
                        bed.disks, Testbed.START_TIMEOUT);
                default -> new ProxyNemesis(n, bed.proxies);
            });
        }
        return out;
    }
}

package dev.crucible.chaos.cluster;

import dev.crucible.chaos.time.RunClock;
import dev.crucible.launch.probe.KafkaPing;
import dev.crucible.launch.probe.ProbeResult;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether the target still answers the Kafka protocol: every address clients bootstrap from (one
 * per launched node, in node order, or the user's list) gets ApiVersions until it answers, at most
 * {@link #timeout} each, all at once. A launched node whose process is gone is not waited for; its
 * exit is the {@link Node#crashes() crash} record's business. Every address that never answered is
 * kept, with when, for the run's verdict.
 */
public final class Liveness {
    /** How long an address may take to answer after a fault before it counts as not answering. */
    public static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final List<Node> nodes;
    private final List<InetSocketAddress> addresses;
    private final Duration timeout;
    private final RunClock clock;
    private final List<String> unanswered = new ArrayList<>();
    private int checks;

    /** A check of {@code cluster}'s bootstrap addresses; {@code clock} times each address's {@code timeout}. */
    public Liveness(Cluster cluster, Duration timeout, RunClock clock) {
        this.nodes = cluster.nodes();
        this.addresses = addresses(cluster.bootstrap());
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * What one check saw.
     *
     * @param answered no address stayed silent (a node that is down is not silent: it is down)
     * @param allUp every launched node is running
     * @param evidence one line per address
     */
    public record Check(boolean answered, boolean allUp, String evidence) {

        /** Every node is up and answered. */
        public boolean healthy() {
            return answered && allUp;
        }
    }

    /** Probes every address; {@code after} says what just happened ("healing kill at 12.0 s"). */
    public Check check(String after) {
        Answer[] answers = new Answer[addresses.size()];
        List<Thread> probes = new ArrayList<>();
        for (int i = 0; i < addresses.size(); i++) {
            int at = i;
            Thread t = new Thread(() -> answers[at] = probe(at), "crucible-liveness-" + i);
            t.setDaemon(true);
            t.start();
            probes.add(t);
        }
        StringBuilder evidence = new StringBuilder();
        boolean all = true;
        boolean up = true;
        for (int i = 0; i < probes.size(); i++) {
            try {
                probes.get(i).join(timeout.toMillis() + 5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Answer a = answers[i] != null ? answers[i] : new Answer(name(i) + " not probed (interrupted)", false, false);
            evidence.append(a.line()).append("; ");
            up &= !a.down();
            if (a.silent()) {
                all = false;
                synchronized (unanswered) {
                    unanswered.add(a.line() + " (after " + after + ")");
                }
            }
        }
        synchronized (unanswered) {
            checks++;
        }
        return new Check(all, up, evidence.toString().trim());
    }

    /**
     * One address's line of evidence; {@code silent} when it was probed and never answered,
     * {@code down} when its node's process is not running.
     */
    private record Answer(String line, boolean silent, boolean down) {}

    private Answer probe(int i) {
        long deadlineNs = clock.nanoTime() + timeout.toNanos();
        KafkaPing ping = new KafkaPing("crucible-liveness");
        try {
            while (true) {
                if (i < nodes.size() && !nodes.get(i).alive()) {
                    return new Answer(name(i) + " not running", false, true);
                }
                ProbeResult r = ping.probe(addresses.get(i), Duration.ofSeconds(2));
                if (r.answered()) {
                    return new Answer(name(i) + " " + r.describe(), false, false);
                }
                if (clock.nanoTime() - deadlineNs > 0) {
                    return new Answer(name(i) + " did not answer ApiVersions within " + timeout.toSeconds() + " s: "
                            + r.describe(), true, false);
                }
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(name(i) + " not probed (interrupted)", false, false);
        }
    }

    private String name(int i) {
        return i < nodes.size() ? nodes.get(i).name() : addresses.get(i).getHostString() + ":" + addresses.get(i).getPort();
    }

    /** The launched nodes whose process is not running now (a cheap look, no probe). */
    public List<String> down() {
        return nodes.stream().filter(n -> !n.alive()).map(Node::name).toList();
    }

    /** Every time an address did not answer, oldest first. */
    public List<String> unanswered() {
        synchronized (unanswered) {
            return List.copyOf(unanswered);
        }
    }

    /** How many checks ran. */
    public int checks() {
        synchronized (unanswered) {
            return checks;
        }
    }

    private static List<InetSocketAddress> addresses(String bootstrap) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String a : bootstrap.split(",")) {
            int colon = a.trim().lastIndexOf(':');
            out.add(new InetSocketAddress(a.trim().substring(0, colon),
                    Integer.parseInt(a.trim().substring(colon + 1))));
        }
        return out;
    }
}

package dev.crucible.chaos.nemesis;

import dev.crucible.chaos.cluster.Liveness;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code admin}: admin actions on topics other than the workload's, while the workload runs, on
 * any target (it only speaks the Kafka protocol). Each fault is a round of steps, each followed by
 * a {@link Liveness} check of every node; a round stops at the first step after which a node is
 * down or silent (that is the finding; the run's verdict reports it):
 *
 * <ul>
 *   <li>{@code topics}: create a side topic, write to it, grow it (CreatePartitions), alter its
 *       configs (segment.bytes, file.delete.delay.ms=0, retention.ms=1 so segments go), delete it;
 *   <li>{@code long-poll-delete}: delete a topic while consumers long-poll it ({@link LongPollDelete});
 *   <li>{@code lying-produce}: a batch whose header claims ~2^31 records, valid CRC ({@link OversizedBurst});
 *   <li>{@code huge-validate}, {@code many-validate}: CreateTopics, validateOnly, of one topic with
 *       40,000 partitions and of 2,000 topics in one request;
 *   <li>{@code huge-create}, {@code many-create}: the same for real.
 * </ul>
 *
 * Errors answered are fine (the target may refuse). Side topics are named
 * {@code crucible-admin-<seed>-<run>-r<round>-...}; healing deletes every topic with the run's
 * prefix (those the huge requests created half-way included), and {@link #finish()} tries again at
 * the end of the run. Every call is bounded by {@code timeout}. A schedule file may set
 * {@code "steps"}, {@code "partitions"} and {@code "topics"}.
 */
public final class AdminNemesis implements Nemesis {
    /** Every step, in the order a round runs them. */
    public static final List<String> STEPS = List.of("topics", "long-poll-delete", "lying-produce", "huge-validate",
            "many-validate", "huge-create", "many-create");
    static final int HUGE_PARTITIONS = 40_000;
    static final int MANY_TOPICS = 2_000;

    private final Map<String, Object> clientConfig;
    private final InetSocketAddress first;
    private final String prefix;
    private final Liveness liveness;
    private final Duration timeout;
    private int rounds;

    /**
     * @param clientConfig kafka-clients settings for the nemesis's clients (the bootstrap list included)
     * @param bootstrap where raw requests go (the first address)
     * @param prefix every side topic's name starts with it and a dash
     */
    public AdminNemesis(Map<String, Object> clientConfig, String bootstrap, String prefix, Liveness liveness,
            Duration timeout) {
        this.clientConfig = Map.copyOf(clientConfig);
        String a = bootstrap.split(",")[0].trim();
        this.first = new InetSocketAddress(a.substring(0, a.lastIndexOf(':')),
                Integer.parseInt(a.substring(a.lastIndexOf(':') + 1)));
        this.prefix = prefix;
        this.liveness = liveness;
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "admin";
    }

    @Override
    public ActiveFault start(Random random, Map<String, Object> params) throws Exception {
        int round = ++rounds;
        String base = prefix + "-r" + round;
        List<String> steps = steps(params);
        StringBuilder evidence = new StringBuilder();
        List<String> done = new ArrayList<>();
        String stopped = "";
        List<String> down = liveness.down();
        if (!down.isEmpty()) {
            stopped = " (skipped: " + String.join(",", down) + " not running)";
        } else {
            try (SideTopics side = new SideTopics(SideTopics.config(clientConfig, Map.of(), timeout), prefix, timeout)) {
                for (String step : steps) {
                    String outcome = step(step, side, base, params);
                    Liveness.Check c = liveness.check("admin " + step);
                    evidence.append(step).append(": ").append(outcome).append(" [answers: ").append(c.evidence()).append("]\n");
                    done.add(step);
                    if (!c.healthy()) {
                        stopped = " (stopped after " + step + ": the target is " + (c.allUp() ? "silent" : "down") + ")";
                        break;
                    }
                }
            }
        }
        String description = "admin round " + round + " on " + base + "-*: "
                + (done.isEmpty() ? "nothing" : String.join(", ", done)) + stopped;
        return new Fault(description, evidence.toString().strip(), this::cleanup);
    }

    private String step(String step, SideTopics side, String base, Map<String, Object> params)
            throws InterruptedException {
        int partitions = number(params, "partitions", HUGE_PARTITIONS);
        int topics = number(params, "topics", MANY_TOPICS);
        return switch (step) {
            case "topics" -> topics(side, base + "-t");
            case "long-poll-delete" -> LongPollDelete.run(side, clientConfig, base + "-lp", timeout);
            case "lying-produce" -> {
                String t = base + "-lie";
                String created = side.create(t, 1, Map.of());
                yield created + "; " + OversizedBurst.lyingProduce(side.leader(t).orElse(first), t, timeout);
            }
            case "huge-validate", "huge-create" -> OversizedBurst.createTopics(first, List.of(base + "-huge"), partitions,
                    step.endsWith("validate"), timeout);
            case "many-validate", "many-create" -> OversizedBurst.createTopics(first,
                    AdversarialRequests.names(base + "-many", topics), 1, step.endsWith("validate"), timeout);
            default -> throw new IllegalArgumentException("unknown admin step '" + step + "'; known: " + STEPS);
        };
    }

    private String topics(SideTopics side, String t) throws InterruptedException {
        List<String> out = new ArrayList<>();
        out.add(side.create(t, 2, Map.of()));
        out.add(LongPollDelete.produce(clientConfig, t, timeout));
        out.add(side.grow(t, 4));
        out.add(side.alter(t, "segment.bytes", "16384"));
        out.add(side.alter(t, "file.delete.delay.ms", "0"));
        out.add(side.alter(t, "retention.ms", "1"));
        Thread.sleep(1_000); // a broker that deletes segments promptly does it now, under the workload
        out.add(side.delete(t));
        return String.join("; ", out);
    }

    /** Deletes every side topic of the run, unless a node is down (then {@link #finish()} does it). */
    private String cleanup() throws InterruptedException {
        List<String> down = liveness.down();
        if (!down.isEmpty()) {
            return "side topics not deleted yet: " + String.join(",", down) + " not running (tried again at the end of the run)";
        }
        try (SideTopics side = new SideTopics(SideTopics.config(clientConfig, Map.of(), timeout), prefix, timeout)) {
            return side.cleanup();
        }
    }

    @Override
    public String finish() {
        if (rounds == 0) {
            return null;
        }
        try {
            return "end of run: " + cleanup();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "end of run: interrupted before deleting side topics";
        } catch (RuntimeException e) {
            return "end of run: side topics not deleted: " + e;
        }
    }

    private static List<String> steps(Map<String, Object> params) {
        if (!(params.get("steps") instanceof List<?> l) || l.isEmpty()) {
            return STEPS;
        }
        List<String> out = l.stream().map(String::valueOf).toList();
        for (String s : out) {
            if (!STEPS.contains(s)) {
                throw new IllegalArgumentException("unknown admin step '" + s + "'; known: " + STEPS);
            }
        }
        return out;
    }

    private static int number(Map<String, Object> params, String key, int dflt) {
        return params.get(key) instanceof Number n ? n.intValue() : dflt;
    }
}

package dev.crucible.chaos.nemesis;

import dev.crucible.chaos.net.Grudge;
import dev.crucible.chaos.net.NetLab;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Network faults between network namespaces: {@code partition} applies a grudge (with one node:
 * cut it off from the clients; with more: isolate one, halves, majorities ring, bridge, or one-way,
 * at random); {@code loss} drops 30% of one node's inbound packets. The probe tries TCP from the
 * clients' host to each node.
 */
public final class PartitionNemesis implements Nemesis {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    private static final List<String> SHAPES = List.of("isolate", "halves", "majorities-ring", "bridge", "one-way");

    private final String name;
    private final NetLab lab;
    private final int nodes;

    public PartitionNemesis(String name, NetLab lab, int nodes) {
        this.name = name;
        this.lab = lab;
        this.nodes = nodes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ActiveFault start(Random random, Map<String, Object> params) throws Exception {
        String description;
        if (name.equals("loss")) {
            int node = random.nextInt(nodes);
            double p = params.get("probability") instanceof Number n ? n.doubleValue() : 0.3;
            lab.loss(node, p);
            description = "drop " + Math.round(p * 100) + "% of packets into n" + node;
        } else {
            Grudge g = grudge(random, params);
            lab.partition(g);
            description = "partition " + g.describe();
        }
        String probe = reach();
        return new Fault(description, probe, () -> {
            lab.heal();
            return reach();
        });
    }

    private Grudge grudge(Random random, Map<String, Object> params) {
        if (nodes == 1) {
            return Grudge.isolate(0, 1, true);
        }
        if (params.containsKey("shape")) {
            return grudge(String.valueOf(params.get("shape")), random);
        }
        // A shape chosen at random must exist for this many nodes (no majorities ring below 4).
        List<String> shapes = new ArrayList<>(SHAPES);
        java.util.Collections.shuffle(shapes, random);
        for (String shape : shapes) {
            Grudge g = grudge(shape, random);
            if (!g.isEmpty()) {
                return g;
            }
        }
        return Grudge.isolate(random.nextInt(nodes), nodes, false);
    }

    private Grudge grudge(String shape, Random random) {
        long seed = random.nextLong();
        return switch (shape) {
            case "halves" -> Grudge.halves(nodes, seed);
            case "majorities-ring" -> Grudge.majoritiesRing(nodes, seed);
            case "bridge" -> Grudge.bridge(nodes, seed);
            case "one-way" -> {
                int a = random.nextInt(nodes);
                yield Grudge.oneWay(a, (a + 1 + random.nextInt(nodes - 1)) % nodes);
            }
            case "isolate" -> Grudge.isolate(random.nextInt(nodes), nodes, false);
            default -> throw new IllegalArgumentException("unknown partition shape '" + shape + "'; known: "
                    + String.join(", ", SHAPES));
        };
    }

    /**
     * One node: whether the clients' host reaches it ("host->n0 no"). More: whether each node reaches
     * each other one ("n0->n1 no, n0->n2 yes, ..."), probed from inside the namespaces.
     */
    private String reach() {
        List<String> out = new ArrayList<>();
        if (nodes == 1) {
            out.add("host->n0" + (lab.reachable(NetLab.HOST, 0, PROBE_TIMEOUT) ? " yes" : " no"));
        }
        for (int i = 0; i < nodes && nodes > 1; i++) {
            for (int j = 0; j < nodes; j++) {
                if (i != j) {
                    out.add("n" + i + "->n" + j + (lab.reachable(i, j, PROBE_TIMEOUT) ? " yes" : " no"));
                }
            }
        }
        return String.join(", ", out);
    }
}

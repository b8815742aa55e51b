package dev.crucible.chaos.nemesis;

import dev.crucible.chaos.cluster.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Which nodes a fault hits: those named in its parameters ("n1" or 1), else one at random. */
final class Targets {
    private Targets() {}

    static List<Node> nodes(List<Node> all, Random random, Map<String, Object> params) {
        if (all.isEmpty()) {
            throw new IllegalStateException("this target has no nodes the run controls");
        }
        Object named = params.get("nodes");
        if (!(named instanceof List<?> list) || list.isEmpty()) {
            return List.of(all.get(random.nextInt(all.size())));
        }
        List<Node> out = new ArrayList<>();
        for (Object o : list) {
            out.add(all.get(index(o, all.size())));
        }
        return out;
    }

    static int index(Object o, int size) {
        String s = String.valueOf(o);
        String digits = s.replaceFirst("^n(ode)?-?", "");
        int i;
        try {
            i = Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("no node called " + s + " (nodes are n0..n" + (size - 1) + ")");
        }
        if (i < 0 || i >= size) {
            throw new IllegalArgumentException("no node " + s + " (nodes are n0..n" + (size - 1) + ")");
        }
        return i;
    }

    static String names(List<Node> nodes) {
        return String.join(",", nodes.stream().map(Node::name).toList());
    }

    /** The process state letter from /proc/PID/stat ("R", "S", "T" = stopped, ...), or "gone". */
    static String procState(long pid) {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        } catch (java.io.IOException | RuntimeException e) {
            return "gone";
        }
    }
}

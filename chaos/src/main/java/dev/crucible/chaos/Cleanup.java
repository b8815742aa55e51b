package dev.crucible.chaos;

import dev.crucible.chaos.net.DataDisks;
import dev.crucible.chaos.net.NetLab;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** {@code crucible chaos --cleanup}: what runs killed before they could undo it is removed. */
public final class Cleanup {
    private Cleanup() {}

    /**
     * Removes the network namespaces, links, rules and data-disk mounts of runs that are gone; says
     * what it removed ("removed: ..." or "nothing to clean up").
     */
    public static String leftovers() throws IOException {
        List<String> removed = new ArrayList<>(NetLab.cleanupLeftovers());
        removed.addAll(DataDisks.cleanupLeftovers());
        return removed.isEmpty() ? "nothing to clean up" : "removed: " + String.join(", ", removed);
    }
}

package dev.crucible.chaos.nemesis;

import java.util.ArrayList;
import java.util.List;

/**
 * What the disk faults destroyed: per node and key (partition), the offsets from the damaged batch
 * to the end of the log as it was. A broker that recovers by cutting its log at the first bad batch
 * loses exactly these; the run uses them to tell that loss from any other.
 */
public final class DiskDamage {
    /** Offsets {@code [from, to)} of key {@code key} destroyed on node {@code node}. */
    public record Range(String node, long key, long from, long to) {
        public boolean contains(long offset) {
            return offset >= from && offset < to;
        }
    }

    private final List<Range> ranges = new ArrayList<>();

    synchronized void add(Range r) {
        ranges.add(r);
    }

    /** Every range recorded so far. */
    public synchronized List<Range> ranges() {
        return List.copyOf(ranges);
    }
}

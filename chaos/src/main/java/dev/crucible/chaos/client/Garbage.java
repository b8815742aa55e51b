package dev.crucible.chaos.client;

import java.util.ArrayList;
import java.util.List;

/**
 * Records consumers read that no producer of this run could have written: a value that does not
 * decode, or that names another key than the partition it was read from. A broker must never serve
 * them, whatever faults it went through.
 */
public final class Garbage {
    private static final int KEEP = 20;
    private final List<String> examples = new ArrayList<>();
    private long count;

    synchronized void add(String example) {
        count++;
        if (examples.size() < KEEP) {
            examples.add(example);
        }
    }

    /** How many garbage records consumers read. */
    public synchronized long count() {
        return count;
    }

    /** The first few, described. */
    public synchronized List<String> examples() {
        return List.copyOf(examples);
    }
}

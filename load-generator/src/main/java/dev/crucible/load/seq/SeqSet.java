package dev.crucible.load.seq;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A set of sequence numbers kept as disjoint ranges [from, to), so the usual case (numbers arriving
 * in order) costs one range however many arrive. Not thread-safe: one writer.
 */
public final class SeqSet {
    private final TreeMap<Long, long[]> ranges = new TreeMap<>();
    private long[] last;
    private long size;

    /** Adds {@code seq}; false when it was already present. */
    public boolean add(long seq) {
        if (last != null && seq == last[1]) {
            last[1]++;
            size++;
            mergeFollowing(last);
            return true;
        }
        Map.Entry<Long, long[]> floor = ranges.floorEntry(seq);
        if (floor != null && seq < floor.getValue()[1]) {
            return false;
        }
        size++;
        if (floor != null && seq == floor.getValue()[1]) {
            floor.getValue()[1]++;
            last = floor.getValue();
            mergeFollowing(last);
            return true;
        }
        long[] r = {seq, seq + 1};
        ranges.put(seq, r);
        last = r;
        mergeFollowing(r);
        return true;
    }

    private void mergeFollowing(long[] r) {
        if (ranges.size() == 1) {
            return; // the usual in-order case: nothing can follow, and no boxed key is made
        }
        long[] next = ranges.get(r[1]);
        if (next != null) {
            r[1] = next[1];
            ranges.remove(next[0]);
        }
    }

    /** Adds every number of [from, to); returns how many were already present. */
    public long addRange(long from, long to) {
        long dup = 0;
        for (long s = from; s < to; ) {
            Map.Entry<Long, long[]> floor = ranges.floorEntry(s);
            if (floor != null && s < floor.getValue()[1]) {
                long end = Math.min(to, floor.getValue()[1]);
                dup += end - s;
                s = end;
                continue;
            }
            Long nextStart = ranges.higherKey(s);
            long end = nextStart == null ? to : Math.min(to, nextStart);
            insertDisjoint(s, end);
            s = end;
        }
        return dup;
    }

    private void insertDisjoint(long from, long to) {
        size += to - from;
        Map.Entry<Long, long[]> floor = ranges.floorEntry(from);
        long[] r;
        if (floor != null && floor.getValue()[1] == from) {
            r = floor.getValue();
            r[1] = to;
        } else {
            r = new long[] {from, to};
            ranges.put(from, r);
        }
        mergeFollowing(r);
        last = r;
    }

    /** Whether {@code seq} is present. */
    public boolean contains(long seq) {
        Map.Entry<Long, long[]> floor = ranges.floorEntry(seq);
        return floor != null && seq < floor.getValue()[1];
    }

    /** How many numbers are present. */
    public long size() {
        return size;
    }

    /** How many numbers of this set are missing from {@code other}. */
    public long countMissingFrom(SeqSet other) {
        long missing = 0;
        for (long[] r : ranges.values()) {
            missing += (r[1] - r[0]) - other.countWithin(r[0], r[1]);
        }
        return missing;
    }

    private long countWithin(long from, long to) {
        long n = 0;
        Map.Entry<Long, long[]> floor = ranges.floorEntry(from);
        if (floor != null && floor.getValue()[1] > from) {
            n += Math.min(to, floor.getValue()[1]) - from;
        }
        for (long[] r : ranges.subMap(from, false, to, false).values()) {
            n += Math.min(to, r[1]) - r[0];
        }
        return n;
    }

    /** The ranges as [from, to) pairs, ascending (for files and the wire). */
    public List<long[]> toRanges() {
        List<long[]> out = new ArrayList<>(ranges.size());
        for (long[] r : ranges.values()) {
            out.add(new long[] {r[0], r[1]});
        }
        return out;
    }

    /** A set holding the given [from, to) ranges; overlaps are counted, not an error. */
    public static SeqSet fromRanges(List<long[]> list) {
        SeqSet s = new SeqSet();
        for (long[] r : list) {
            s.addRange(r[0], r[1]);
        }
        return s;
    }

    /** Adds every number of {@code other}; returns how many were already here (duplicates). */
    public long addAll(SeqSet other) {
        long dup = 0;
        for (long[] r : other.ranges.values()) {
            dup += addRange(r[0], r[1]);
        }
        return dup;
    }
}

package dev.crucible.load.seq;

/**
 * What one subscription received from one producer on one partition: the set of sequence numbers,
 * how many arrived again (duplicates) and how many arrived after a higher number (out of order).
 * One writer thread.
 */
public final class DeliveryTracker {
    private final SeqSet seen = new SeqSet();
    private long duplicates;
    private long outOfOrder;
    private long highest = -1;

    /** Notes that {@code seq} arrived. */
    public void deliver(long seq) {
        if (!seen.add(seq)) {
            duplicates++;
            return;
        }
        if (seq < highest) {
            outOfOrder++;
        } else {
            highest = seq;
        }
    }

    /** Sequence numbers received. */
    public SeqSet seen() {
        return seen;
    }

    /** Messages received more than once (the extra copies). */
    public long duplicates() {
        return duplicates;
    }

    /** Messages that arrived after a message with a higher sequence number. */
    public long outOfOrder() {
        return outOfOrder;
    }
}

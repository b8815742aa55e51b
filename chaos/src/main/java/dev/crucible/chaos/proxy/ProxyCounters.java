package dev.crucible.chaos.proxy;

import java.util.concurrent.atomic.LongAdder;

/** The proxy's counters, written by every connection's threads; {@link ProxyStats} reads them. */
final class ProxyCounters {
    private final LongAdder accepted = new LongAdder();
    private final LongAdder reset = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder bytesUpstream = new LongAdder();
    private final LongAdder bytesDownstream = new LongAdder();
    private final LongAdder droppedUpstream = new LongAdder();
    private final LongAdder droppedDownstream = new LongAdder();

    void accepted() {
        accepted.increment();
    }

    void reset() {
        reset.increment();
    }

    void refused() {
        refused.increment();
    }

    void forwarded(Direction way, long bytes) {
        (way == Direction.UPSTREAM ? bytesUpstream : bytesDownstream).add(bytes);
    }

    void dropped(Direction way, long bytes) {
        (way == Direction.UPSTREAM ? droppedUpstream : droppedDownstream).add(bytes);
    }

    ProxyStats snapshot(long open) {
        return new ProxyStats(accepted.sum(), open, reset.sum(), refused.sum(), bytesUpstream.sum(),
                bytesDownstream.sum(), droppedUpstream.sum(), droppedDownstream.sum());
    }
}

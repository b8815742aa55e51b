package dev.crucible.load.run;

import dev.crucible.load.result.IntervalStore;
import dev.crucible.load.result.RunTimeline;
import dev.crucible.load.result.Totals;
import java.util.function.Consumer;

/**
 * The rate search (workload {@code producerRate: 0}) during the warm-up: every 3 s one
 * {@link RateSearch} step, judged on the two newest whole seconds; 2 s before the measured phase the
 * rate settles at 90% of the best sustained, so it reaches every worker (on the next heartbeat)
 * before the first measured second.
 */
final class RateSearchStep implements Phase {
    private static final long SECOND_NS = 1_000_000_000L;
    private static final long STEP_NS = 3 * SECOND_NS;

    private final RateSearch search;
    private final IntervalStore store;
    private final int subscriptions;
    private final long acceptableBacklog;
    private final long settleAtNs;
    private final Consumer<String> say;
    private long nextStepNs;
    private boolean settled;

    /** Steps {@code search} on the seconds in {@code store}, over {@code timeline}'s warm-up. */
    RateSearchStep(RateSearch search, IntervalStore store, int subscriptions, long acceptableBacklog, RunTimeline timeline,
            Consumer<String> say) {
        this.search = search;
        this.store = store;
        this.subscriptions = subscriptions;
        this.acceptableBacklog = acceptableBacklog;
        this.settleAtNs = timeline.measureFromNs() - 2 * SECOND_NS;
        this.nextStepNs = timeline.startNs() + STEP_NS;
        this.say = say;
    }

    /** The highest rate sustained so far (0 if none). */
    double best() {
        return search.best();
    }

    @Override
    public void tick(long nowNs, Totals totals, RunControl control) {
        if (nowNs - settleAtNs < 0) {
            if (nowNs - nextStepNs >= 0) {
                control.rate(step(totals));
                nextStepNs = nowNs + STEP_NS;
            }
        } else if (!settled && search.best() > 0) {
            // A rate met for a few seconds on a busy machine is not one met for minutes: measure at
            // 90% of the best, and report the best itself as the highest rate seen sustained.
            settled = true;
            double rate = search.best() * 0.9;
            control.rate(rate);
            say.accept("highest rate sustained in the warm-up: " + Math.round(search.best()) + " msgs/s; measuring at 90% of it, "
                    + Math.round(rate) + " msgs/s");
        }
    }

    /**
     * The two newest whole seconds: a rate change reaches the workers within a second, and each second
     * reports the rate it was scheduled at, so a step judges its own rate.
     */
    private double step(Totals totals) {
        long last = store.lastIndex();
        double acked = 0;
        double asked = 0;
        for (IntervalStore.Merged m : store.range(last - 1, last + 1)) {
            acked += m.acked;
            asked += m.targetRatePerSecond;
        }
        return search.step(acked / 2, asked / 2, totals.backlog(subscriptions), acceptableBacklog);
    }
}

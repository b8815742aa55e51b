package dev.crucible.load.run;

import dev.crucible.load.result.Totals;
import java.util.function.Consumer;

/**
 * A backlog run (workload {@code consumerBacklogSizeGB} above 0): consumers start paused; once the
 * bytes published and not yet received reach the backlog they fetch again, and once they have caught
 * up (within {@code drainedBelow} messages) producers stop and the measured phase ends there.
 */
final class BacklogWatch implements Phase {
    private final double backlogGB;
    private final long backlogBytes;
    private final int subscriptions;
    private final double drainedBelow;
    private final Consumer<String> say;
    private boolean built;

    /** Watches for a backlog of {@code backlogGB} over {@code subscriptions} subscriptions per topic. */
    BacklogWatch(double backlogGB, int subscriptions, double drainedBelow, Consumer<String> say) {
        this.backlogGB = backlogGB;
        this.backlogBytes = (long) (backlogGB * (1L << 30));
        this.subscriptions = subscriptions;
        this.drainedBelow = drainedBelow;
        this.say = say;
    }

    @Override
    public void tick(long nowNs, Totals totals, RunControl control) {
        if (!built && totals.bytesSent() * subscriptions - totals.bytesConsumed() >= backlogBytes) {
            built = true;
            control.resumeConsumers();
            say.accept("backlog of " + backlogGB + " GB built; consumers drain it now");
        }
        if (built && !control.endMoved() && totals.backlog(subscriptions) <= drainedBelow) {
            control.endAt(nowNs);
            say.accept("backlog drained");
        }
    }
}

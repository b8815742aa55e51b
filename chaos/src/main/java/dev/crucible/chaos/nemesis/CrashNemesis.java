package dev.crucible.chaos.nemesis;

import dev.crucible.chaos.client.Crashes;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * {@code crash}: every client of the run dies at once, mid-operation where it was in one, and comes
 * back as a new process (Jepsen's crashed client). Nothing on the brokers is touched, so it applies
 * to every target, a cluster the user runs included. Healing has nothing to undo; its evidence is
 * how many new client processes have started since.
 */
public final class CrashNemesis implements Nemesis {
    private final Crashes crashes;
    private final LongSupplier processesStarted;

    /**
     * @param processesStarted how many client processes the run has started so far
     */
    public CrashNemesis(Crashes crashes, LongSupplier processesStarted) {
        this.crashes = crashes;
        this.processesStarted = processesStarted;
    }

    @Override
    public String name() {
        return "crash";
    }

    @Override
    public ActiveFault start(Random random, Map<String, Object> params) {
        long before = processesStarted.getAsLong();
        List<Long> crashed = crashes.crashAll();
        String description = "crash " + crashed.size() + " client(s)";
        String probe = "processes " + crashed + " crashed";
        return new Fault(description, probe,
                () -> (processesStarted.getAsLong() - before) + " new client process(es) since");
    }
}

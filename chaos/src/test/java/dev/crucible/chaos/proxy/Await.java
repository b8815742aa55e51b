package dev.crucible.chaos.proxy;

import static org.assertj.core.api.Assertions.fail;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for something the proxy does on its own threads; fails after 5 s. */
final class Await {
    private Await() {}

    static void until(Supplier<String> what, BooleanSupplier condition) {
        long deadlineNs = System.nanoTime() + 5_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadlineNs > 0) {
                fail("waited 5 s for " + what.get());
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }
}

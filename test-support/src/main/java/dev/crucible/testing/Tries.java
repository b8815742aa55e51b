package dev.crucible.testing;

import java.util.SplittableRandom;

/**
 * A property run many times, each try from its own seed. Tries grow: the first are given size 0,
 * the last {@code maxSize}, so the first failure found tends to be a small one.
 *
 * <p>The base seed is random unless {@code -Dcrucible.seed=N} fixes it, and is printed; a
 * failure names the seed and size of its try, so one failing try can be rerun as a plain test.
 * {@code -Dcrucible.tries=N} changes how many tries every property gets.
 *
 * <p>The project's property tests run on this instead of a property-testing library: jqwik, the
 * one pinned before, asks AI coding agents not to use it, and this project is partly written by one.
 */
public final class Tries {
    /** One try of a property: throws (usually an AssertionError) when the property does not hold. */
    @FunctionalInterface
    public interface Try {
        void run(long seed, int size) throws Exception;
    }

    private static final long BASE_SEED = Long.getLong("crucible.seed", new SplittableRandom().nextLong());
    private static final Integer TRIES = Integer.getInteger("crucible.tries");

    private Tries() {}

    /**
     * Runs {@code property} {@code tries} times (or as many as {@code -Dcrucible.tries} says).
     *
     * @throws AssertionError on the first try that fails, naming its seed and size
     */
    public static void check(String name, int tries, int maxSize, Try property) {
        int n = TRIES != null ? TRIES : tries;
        long base = BASE_SEED ^ name.hashCode();
        System.out.println(name + ": " + n + " tries, seed " + BASE_SEED + " (rerun with -Dcrucible.seed="
                + BASE_SEED + ")");
        SplittableRandom seeds = new SplittableRandom(base);
        for (int i = 0; i < n; i++) {
            long seed = seeds.nextLong();
            int size = n == 1 ? maxSize : (int) ((long) maxSize * i / (n - 1));
            try {
                property.run(seed, size);
            } catch (Exception | AssertionError e) {
                throw new AssertionError(name + " failed on try " + i + " of " + n + ": rerun it alone with seed "
                        + seed + "L and size " + size + " (base seed " + BASE_SEED + ")\n" + e, e);
            }
        }
    }
}

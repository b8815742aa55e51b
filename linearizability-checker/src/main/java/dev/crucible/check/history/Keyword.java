package dev.crucible.check.history;

/**
 * An EDN/Clojure keyword such as {@code :nemesis} or {@code :timed-out}, kept distinct from the
 * string "nemesis" so a history written back keeps its shape.
 *
 * @param name the name without the colon
 */
public record Keyword(String name) {
    /** Interned-by-value factory. */
    public static Keyword of(String name) {
        return new Keyword(name);
    }

    @Override
    public String toString() {
        return ":" + name;
    }
}

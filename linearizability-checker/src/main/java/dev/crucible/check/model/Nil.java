package dev.crucible.check.model;

/** The state "no value" (a register never written, an absent key): models' steps return null for "impossible". */
public final class Nil {
    /** The one instance. */
    public static final Nil NIL = new Nil();

    private Nil() {}

    /** Maps null to {@link #NIL}. */
    public static Object wrap(Object v) {
        return v == null ? NIL : v;
    }

    @Override
    public String toString() {
        return "nil";
    }
}

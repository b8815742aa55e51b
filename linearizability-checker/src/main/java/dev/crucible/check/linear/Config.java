package dev.crucible.check.linear;

import java.util.Objects;

/** Lowe's cache entry: which operations are linearized, and the model state they led to. */
record Config(Bits linearized, Object state) {
    @Override
    public int hashCode() {
        return linearized.hashCode() * 31 + Objects.hashCode(state);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Config c && c.linearized.equals(linearized) && Objects.equals(c.state, state);
    }
}

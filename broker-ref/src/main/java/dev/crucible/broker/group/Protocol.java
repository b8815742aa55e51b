package dev.crucible.broker.group;

import java.util.Arrays;

/** One assignment protocol a member supports (e.g. "range"), with its opaque subscription bytes. */
record Protocol(String name, byte[] metadata) {

    /** Same name and same bytes: a rejoin with this protocol changes nothing. */
    boolean sameAs(Protocol other) {
        return name.equals(other.name) && Arrays.equals(metadata, other.metadata);
    }
}

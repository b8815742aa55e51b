package dev.crucible.load.workload;

import java.util.Arrays;
import java.util.Objects;

/**
 * A workload's payload file: its name as the workload gave it (what run.json records) and its bytes,
 * read once when the workload is loaded. Every message is a copy of the bytes with the stamp over
 * its first {@link MessageSizes#MIN_MESSAGE_BYTES}; agents receive the bytes with the workload, so
 * they need not have the file.
 *
 * @param name the file as the workload named it
 * @param bytes the file's contents (copied in and out: the record stays immutable)
 */
public record PayloadFile(String name, byte[] bytes) {

    /** Checks there is room for the stamp; IllegalArgumentException when there is not. */
    public PayloadFile {
        Objects.requireNonNull(name, "name");
        if (bytes.length < MessageSizes.MIN_MESSAGE_BYTES) {
            throw new IllegalArgumentException("payloadFile " + name + " holds " + bytes.length + " bytes; at least "
                    + MessageSizes.MIN_MESSAGE_BYTES + " are needed for the stamp");
        }
        bytes = bytes.clone();
    }

    /** A copy of the contents. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Size of the contents. */
    public int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PayloadFile p && name.equals(p.name) && Arrays.equals(bytes, p.bytes);
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "PayloadFile[" + name + ", " + bytes.length + " bytes]";
    }
}

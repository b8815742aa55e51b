package dev.crucible.broker.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.Uuid;

/**
 * Reads the strings and topic ids of one connection's requests, keeping the last few it decoded: a
 * producer names the same topics request after request, so the decoder compares the bytes on the wire
 * with a cached name and hands out the same {@link String} (or {@link Uuid}) instead of a new one each
 * time. Used by one network thread at a time (the connection's); not thread-safe.
 */
public final class WireStrings {
    private static final int SLOTS = 16; // a power of two
    /** Longer strings are read but not kept: the cache holds at most 16 x 255 bytes per connection. */
    static final int MAX_CACHED_BYTES = 255;

    private final byte[][] bytes = new byte[SLOTS][];
    private final String[] strings = new String[SLOTS];
    private final Uuid[] ids = new Uuid[SLOTS];
    private int nextString;
    private int nextId;

    /** A classic nullable string: int16 length (negative: null), then UTF-8 bytes. */
    String nullableString(ByteBuffer in) {
        int length = in.getShort();
        return length < 0 ? null : string(in, length);
    }

    /** A flexible nullable string: unsigned varint of length + 1 (0: null), then UTF-8 bytes. */
    String compactNullableString(ByteBuffer in) {
        int length = WireFormat.unsignedVarint(in) - 1;
        if (length < 0) {
            return null;
        }
        if (length > WireFormat.MAX_STRING_BYTES) {
            throw new IllegalArgumentException("string of invalid length " + length);
        }
        return string(in, length);
    }

    private String string(ByteBuffer in, int length) {
        if (length > in.remaining()) {
            throw new IllegalArgumentException("string of " + length + " bytes, only " + in.remaining() + " left");
        }
        int at = in.position();
        for (int i = 0; i < SLOTS; i++) {
            byte[] known = bytes[i];
            if (known != null && known.length == length && sameBytes(in, at, known)) {
                in.position(at + length);
                return strings[i];
            }
        }
        byte[] copy = new byte[length];
        in.get(copy);
        String s = new String(copy, StandardCharsets.UTF_8);
        if (length > MAX_CACHED_BYTES) {
            return s;
        }
        int slot = nextString++ & (SLOTS - 1);
        bytes[slot] = copy;
        strings[slot] = s;
        return s;
    }

    private static boolean sameBytes(ByteBuffer in, int at, byte[] known) {
        for (int i = 0; i < known.length; i++) {
            if (in.get(at + i) != known[i]) {
                return false;
            }
        }
        return true;
    }

    /** The id with these bits: a cached instance when one matches. */
    Uuid uuid(long most, long least) {
        for (int i = 0; i < SLOTS; i++) {
            Uuid known = ids[i];
            if (known != null && known.getMostSignificantBits() == most && known.getLeastSignificantBits() == least) {
                return known;
            }
        }
        Uuid id = new Uuid(most, least);
        ids[nextId++ & (SLOTS - 1)] = id;
        return id;
    }
}

package dev.crucible.chaos.client;

import java.nio.charset.StandardCharsets;

/**
 * The bytes of a record value: {@code "crucible:<key>:<value>"} in ASCII, so a consumer can tell
 * a record of this run, sent to this key, from anything else (a torn or corrupted record).
 */
final class Codec {
    private static final String PREFIX = "crucible:";

    private Codec() {}

    static byte[] encode(long key, long value) {
        return (PREFIX + key + ":" + value).getBytes(StandardCharsets.US_ASCII);
    }

    /** The value, or null when the bytes are not a record of {@code key}. */
    static Long decode(long key, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        String s = new String(bytes, StandardCharsets.US_ASCII);
        String head = PREFIX + key + ":";
        if (!s.startsWith(head)) {
            return null;
        }
        try {
            return Long.parseLong(s.substring(head.length()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A short printable form of unexpected bytes. */
    static String show(byte[] bytes) {
        if (bytes == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 48); i++) {
            int b = bytes[i] & 0xff;
            sb.append(b >= 32 && b < 127 ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return sb.append(bytes.length > 48 ? "... (" + bytes.length + " bytes)" : "").toString();
    }
}

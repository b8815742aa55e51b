package dev.crucible.load.message;

import java.nio.ByteBuffer;

/**
 * The 32 bytes at the start of every message value, written by the producer and read by consumers.
 *
 * <pre>
 *  offset  size  field
 *   0      4     magic 0x43524231 ("CRB1")
 *   4      4     producer id (unique in the run)
 *   8      8     sequence number of this message among the producer's messages to its partition, from 0
 *  16      8     intended send time, run-clock nanoseconds
 *  24      8     actual send time, run-clock nanoseconds
 * </pre>
 *
 * Big-endian. The run clock is shared by every worker of a run (see {@code RunClock}).
 */
public final class Stamp {
    /** Bytes the stamp takes. */
    public static final int BYTES = 32;
    /** First four bytes of every stamped value. */
    public static final int MAGIC = 0x43524231;

    private Stamp() {}

    /** Writes a stamp into the first {@link #BYTES} of {@code value}. */
    public static void write(byte[] value, int producerId, long sequence, long intendedNs, long sentNs) {
        putInt(value, 0, MAGIC);
        putInt(value, 4, producerId);
        putLong(value, 8, sequence);
        putLong(value, 16, intendedNs);
        putLong(value, 24, sentNs);
    }

    /** True when {@code value} is long enough and starts with the magic. */
    public static boolean isStamped(byte[] value) {
        return value != null && value.length >= BYTES && getInt(value, 0) == MAGIC;
    }

    /** Producer id of a stamped value. */
    public static int producerId(byte[] value) {
        return getInt(value, 4);
    }

    /** Sequence number of a stamped value. */
    public static long sequence(byte[] value) {
        return getLong(value, 8);
    }

    /** Intended send time of a stamped value. */
    public static long intendedNs(byte[] value) {
        return getLong(value, 16);
    }

    /** Actual send time of a stamped value. */
    public static long sentNs(byte[] value) {
        return getLong(value, 24);
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void putLong(byte[] b, int at, long v) {
        putInt(b, at, (int) (v >>> 32));
        putInt(b, at + 4, (int) v);
    }

    private static int getInt(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 4).getInt();
    }

    private static long getLong(byte[] b, int at) {
        return ByteBuffer.wrap(b, at, 8).getLong();
    }
}

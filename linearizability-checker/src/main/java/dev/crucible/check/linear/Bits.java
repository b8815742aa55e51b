package dev.crucible.check.linear;

import java.util.Arrays;

/** An immutable bit set of linearized operation ids, its hash computed once (it keys the cache). */
final class Bits {
    private final long[] words;
    private final int hash;

    private Bits(long[] words) {
        this.words = words;
        this.hash = Arrays.hashCode(words);
    }

    static Bits empty(int size) {
        return new Bits(new long[(size + 63) >>> 6]);
    }

    /** A copy with bit {@code i} set. */
    Bits with(int i) {
        long[] w = words.clone();
        w[i >>> 6] |= 1L << (i & 63);
        return new Bits(w);
    }

    boolean get(int i) {
        return (words[i >>> 6] & (1L << (i & 63))) != 0;
    }

    /** The number of leading ids all set: the highest contiguous linearized id is this minus one. */
    int contiguous() {
        for (int k = 0; k < words.length; k++) {
            if (words[k] != -1L) {
                return (k << 6) + Long.numberOfTrailingZeros(~words[k]);
            }
        }
        return words.length << 6;
    }

    int words() {
        return words.length;
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Bits b && b.hash == hash && Arrays.equals(b.words, words);
    }
}

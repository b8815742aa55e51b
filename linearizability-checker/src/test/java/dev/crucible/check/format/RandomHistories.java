package dev.crucible.check.format;

import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Random histories for the codec properties, from a seed and a size (0 gives empty or tiny
 * histories; the size bounds the number of events and the length of strings).
 *
 * <p>A keyword process has a name that reads back as itself (not empty, no leading colon: the
 * writers refuse those). Each event is the {@code line}-th of its history ({@code line = position + 1}), as a reader
 * of one-event-per-line text reports it. Values stay inside what the format carries back
 * unchanged ({@link Domain}): Long, BigInteger beyond a long, Double, Boolean, String, null,
 * lists and maps for both; keywords, sets, BigDecimal, NaN, infinities and non-string map keys for
 * EDN only. Strings mix ASCII, the characters both formats escape, control characters, non-ASCII
 * letters and characters outside the BMP (as valid surrogate pairs).
 */
final class RandomHistories {
    /** The values a format carries back unchanged. */
    enum Domain {
        /** JSON lines: no keywords, sets, BigDecimal, NaN or infinities; map keys are strings. */
        JSON,
        /** EDN: everything of JSON, and those. */
        EDN
    }

    private static final Set<String> RESERVED = Set.of("index", "time", "process", "type", "f", "value");
    private static final String KEYWORD_FIRST = "abcdefghijklmnopqrstuvwxyzABCXYZ*+!-_?$%&=<>.";
    private static final String KEYWORD_REST = KEYWORD_FIRST + "0123456789/:#'";
    private static final String ASCII = "abcxyzABC019 ~!@$%^&*()-_=+[]{}|;:',.<>/?#`";
    private static final String ESCAPED = "\"\\\n\t\r\b\f";
    private static final int[] WIDE = {0xe9, 0xdf, 0x3a9, 0x4e2d, 0x2028, 0x2029, 0x85, 0xa0, 0xfeff, 0xfffd, 0xffff,
        0x1f600, 0x10348, 0x10ffff};
    private static final int MAX_DEPTH = 3;
    private static final int MAX_ELEMENTS = 4;

    private final SplittableRandom r;
    private final Domain domain;
    private final int size;

    private RandomHistories(long seed, int size, Domain domain) {
        this.r = new SplittableRandom(seed);
        this.size = size;
        this.domain = domain;
    }

    /** A history of at most {@code size + 1} events. */
    static List<Op> history(long seed, int size, Domain domain) {
        return new RandomHistories(seed, size, domain).ops();
    }

    private List<Op> ops() {
        int n = r.nextInt(size + 2);
        List<Long> indices = indices(n);
        List<Op> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ops.add(new Op(indices.get(i), type(), process(), name(), value(MAX_DEPTH), time(), extra(), i + 1));
        }
        return ops;
    }

    /** Positions mostly; sometimes distinct arbitrary indices, which the readers keep. */
    private List<Long> indices(int n) {
        List<Long> out = new ArrayList<>(n);
        boolean positional = r.nextInt(3) > 0;
        Set<Long> used = new HashSet<>();
        for (int i = 0; i < n; i++) {
            long index = positional ? i : r.nextInt(4) == 0 ? r.nextLong() : r.nextLong(1000);
            while (!used.add(index)) {
                index = r.nextLong();
            }
            out.add(index);
        }
        return out;
    }

    private OpType type() {
        return OpType.values()[r.nextInt(OpType.values().length)];
    }

    private Object process() {
        return switch (r.nextInt(5)) {
            case 0 -> Keyword.of("nemesis");
            case 1 -> Keyword.of(r.nextBoolean() ? keywordName() : "p" + string());
            case 2 -> r.nextLong();
            default -> (long) r.nextInt(10);
        };
    }

    /** A function or field name: mostly keyword-like, sometimes any text. */
    private String name() {
        return r.nextInt(4) == 0 ? string() : keywordName();
    }

    private long time() {
        return switch (r.nextInt(3)) {
            case 0 -> -1;
            case 1 -> r.nextLong(1_000_000);
            default -> r.nextLong(Long.MAX_VALUE);
        };
    }

    private Map<String, Object> extra() {
        int n = r.nextInt(4);
        if (n == 0) {
            return Map.of();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String name = name();
            if (!RESERVED.contains(name)) {
                m.put(name, value(MAX_DEPTH - 1));
            }
        }
        return Collections.unmodifiableMap(m);
    }

    private Object value(int depth) {
        int kinds = depth > 0 ? 10 : 7;
        return switch (r.nextInt(kinds)) {
            case 0 -> null;
            case 1 -> r.nextBoolean();
            case 2 -> integer();
            case 3 -> decimal();
            case 4, 5 -> string();
            case 6 -> domain == Domain.EDN ? ednOnlyScalar() : string();
            case 7 -> list(depth - 1);
            case 8 -> map(depth - 1);
            default -> domain == Domain.EDN && r.nextBoolean() ? set(depth - 1) : list(depth - 1);
        };
    }

    private Object integer() {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextBoolean() ? Long.MAX_VALUE : Long.MIN_VALUE;
            case 1 -> {
                BigInteger big = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.valueOf(1 + r.nextLong(Long.MAX_VALUE)));
                yield r.nextBoolean() ? big : big.negate().subtract(BigInteger.TWO);
            }
            case 2 -> r.nextLong();
            default -> (long) r.nextInt(-100, 100);
        };
    }

    private Double decimal() {
        return switch (r.nextInt(6)) {
            case 0 -> r.nextBoolean() ? 0.0 : -0.0;
            case 1 -> (double) r.nextInt(-1000, 1000);
            case 2 -> Double.longBitsToDouble(r.nextLong() & 0x7fefffffffffffffL) * (r.nextBoolean() ? 1 : -1);
            case 3 -> r.nextBoolean() ? Double.MIN_VALUE : Double.MAX_VALUE;
            default -> r.nextDouble(-1e6, 1e6);
        };
    }

    private Object ednOnlyScalar() {
        return switch (r.nextInt(5)) {
            case 0, 1 -> Keyword.of(keywordName());
            case 2 -> new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(-5, 20));
            default -> new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}[r.nextInt(3)];
        };
    }

    private List<Object> list(int depth) {
        int n = r.nextInt(MAX_ELEMENTS + 1);
        List<Object> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            l.add(value(depth));
        }
        return Collections.unmodifiableList(l);
    }

    private Set<Object> set(int depth) {
        int n = r.nextInt(MAX_ELEMENTS + 1);
        Set<Object> s = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            s.add(value(depth));
        }
        return Collections.unmodifiableSet(s);
    }

    private Map<Object, Object> map(int depth) {
        int n = r.nextInt(MAX_ELEMENTS + 1);
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Object key = domain == Domain.JSON || r.nextBoolean() ? string() : value(depth);
            m.put(key, value(depth));
        }
        return Collections.unmodifiableMap(m);
    }

    /** A name {@code :name} can carry, by EDN's rules for keywords. */
    private String keywordName() {
        while (true) {
            StringBuilder sb = new StringBuilder();
            sb.append(KEYWORD_FIRST.charAt(r.nextInt(KEYWORD_FIRST.length())));
            int n = r.nextInt(8);
            for (int i = 0; i < n; i++) {
                sb.append(KEYWORD_REST.charAt(r.nextInt(KEYWORD_REST.length())));
            }
            String name = sb.toString();
            boolean numberLike = (name.charAt(0) == '-' || name.charAt(0) == '+') && name.length() > 1
                    && Character.isDigit(name.charAt(1));
            if (!name.endsWith("/") && !numberLike) {
                return name;
            }
        }
    }

    private String string() {
        int n = r.nextInt(2 + Math.min(size, 24));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(6)) {
                case 0 -> sb.append(ESCAPED.charAt(r.nextInt(ESCAPED.length())));
                case 1 -> sb.append((char) (r.nextBoolean() ? r.nextInt(0x20) : 0x7f));
                case 2 -> sb.appendCodePoint(WIDE[r.nextInt(WIDE.length)]);
                default -> sb.append(ASCII.charAt(r.nextInt(ASCII.length())));
            }
        }
        return sb.toString();
    }
}

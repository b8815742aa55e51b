package dev.crucible.report.chart;

/** Small helpers for writing SVG text: XML escaping, compact numbers and text width estimates. */
final class Svg {

    /** A coordinate further out than this is clamped: it is off the chart anyway and keeps output short. */
    private static final double MAX_COORDINATE = 1e6;

    private Svg() {
    }

    /**
     * Escapes text for XML element content and for attribute values in either quote: {@code & < > " '}.
     * Characters XML 1.0 cannot carry at all (control characters other than tab, newline and carriage return,
     * unpaired surrogates, U+FFFE and U+FFFF) are replaced with U+FFFD.
     */
    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = null;
            switch (c) {
                case '&' -> rep = "&amp;";
                case '<' -> rep = "&lt;";
                case '>' -> rep = "&gt;";
                case '"' -> rep = "&quot;";
                case '\'' -> rep = "&apos;";
                default -> {
                    if (!allowed(s, i)) {
                        rep = "\uFFFD";
                    } else if (Character.isHighSurrogate(c)) {
                        // A valid pair: copy both halves.
                        if (b != null) {
                            b.append(c).append(s.charAt(i + 1));
                        }
                        i++;
                        continue;
                    }
                }
            }
            if (rep != null && b == null) {
                b = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (b != null) {
                if (rep != null) {
                    b.append(rep);
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean allowed(String s, int i) {
        char c = s.charAt(i);
        if (c < 0x20) {
            return c == '\t' || c == '\n' || c == '\r';
        }
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c)) {
            return false;
        }
        return c != '\uFFFE' && c != '\uFFFF';
    }

    /** Appends a coordinate rounded to one decimal, without a trailing ".0" or a "-0". */
    static StringBuilder num(StringBuilder b, double v) {
        if (Double.isNaN(v)) {
            v = 0;
        }
        v = Math.max(-MAX_COORDINATE, Math.min(MAX_COORDINATE, v));
        long tenths = Math.round(v * 10);
        if (tenths < 0) {
            b.append('-');
            tenths = -tenths;
        }
        b.append(tenths / 10);
        long frac = tenths % 10;
        if (frac != 0) {
            b.append('.').append(frac);
        }
        return b;
    }

    /** A coordinate rounded to one decimal, as {@link #num(StringBuilder, double)} writes it. */
    static String num(double v) {
        return num(new StringBuilder(8), v).toString();
    }

    /**
     * A generous estimate of the width of {@code s} in a sans-serif font of size {@code fontSize}, from rough
     * per-character advance widths of DejaVu Sans (the widest
     * font of the stack; the others are narrower). Used to keep labels from overlapping or being clipped.
     */
    static double textWidth(String s, double fontSize) {
        double em = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLowSurrogate(c)) {
                continue;
            }
            if ("iljtfrI.,:;!|' ()[]".indexOf(c) >= 0) {
                em += 0.36;
            } else if (c >= '0' && c <= '9') {
                em += 0.64;
            } else if ("mwMW%@".indexOf(c) >= 0) {
                em += 0.92;
            } else if ("=+<>~".indexOf(c) >= 0) {
                em += 0.84;
            } else if (Character.isUpperCase(c)) {
                em += 0.72;
            } else if (c < 0x80) {
                em += 0.61;
            } else {
                em += 1.0; // CJK and symbols: wide.
            }
        }
        return em * fontSize;
    }

    /** {@code s} cut short with an ellipsis so that it is at most {@code maxWidth} wide. */
    static String fit(String s, double fontSize, double maxWidth) {
        if (textWidth(s, fontSize) <= maxWidth) {
            return s;
        }
        int end = s.length();
        while (end > 0 && textWidth(s.substring(0, end), fontSize) + 0.6 * fontSize > maxWidth) {
            end--;
        }
        if (end > 0 && Character.isHighSurrogate(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end).stripTrailing() + "…";
    }
}

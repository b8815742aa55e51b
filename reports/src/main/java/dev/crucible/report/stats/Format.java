package dev.crucible.report.stats;

import java.util.Locale;

/** Number formatting shared by the report's tables. */
public final class Format {
    private Format() {}

    /** 0.053 -> "5.3%", with a sign when asked. */
    public static String percent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return "n/a";
        }
        double pct = fraction * 100;
        return String.format(Locale.ROOT, Math.abs(pct) >= 10 ? "%.0f%%" : "%.1f%%", pct);
    }

    /** +5.3% / -12% */
    public static String signedPercent(double fraction) {
        if (!Double.isFinite(fraction)) {
            return "n/a";
        }
        return (fraction >= 0 ? "+" : "") + percent(fraction);
    }

    /** A latency in microseconds as ms with 3 significant digits ("1.41 ms", "23.1 ms", "0.084 ms"). */
    public static String micros(double us) {
        if (!Double.isFinite(us)) {
            return "n/a";
        }
        double ms = us / 1000;
        return sig3(ms) + " ms";
    }

    /** Three significant digits, no exponent. */
    public static String sig3(double v) {
        if (!Double.isFinite(v)) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /** A value in its unit: latency rows in ms, others as numbers with their unit. */
    public static String value(double v, String unit) {
        return "us".equals(unit) ? micros(v) : sig3(v) + " " + unit;
    }
}

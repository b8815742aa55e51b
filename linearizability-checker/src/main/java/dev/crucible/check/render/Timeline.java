package dev.crucible.check.render;

import dev.crucible.check.history.Values;
import dev.crucible.check.linear.CheckResult;
import dev.crucible.check.model.Model;
import dev.crucible.check.model.Operation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A counterexample as one self-contained HTML page: the verdict in words, then an SVG timeline of
 * the operations around the failure, processes as lanes, operations as bars from call to return
 * (x is real-time order, not wall time), the longest partial linearization numbered in its order,
 * the operation that cannot be linearized in red, crashed operations hatched to the window's end.
 * The window is capped ({@link #MAX_OPS} operations) so a huge history still renders quickly.
 */
public final class Timeline {
    /** Most operations drawn. */
    public static final int MAX_OPS = 300;
    private static final int LEFT = 70;
    private static final int WIDTH = 1100;
    private static final int LANE = 30;

    private Timeline() {}

    /** The HTML page for an INVALID result. */
    public static String html(CheckResult r, Model model, String title) {
        StringBuilder b = new StringBuilder(1 << 15);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title><style>body{font-family:system-ui,\"DejaVu Sans\",sans-serif;margin:16px 24px;color:#1b1b1b}"
                        + "pre{background:#f6f6f6;padding:8px;white-space:pre-wrap}svg{max-width:100%;height:auto}"
                        + ".k{font-size:.9em;color:#444}</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n<pre>");
        Explain.lines(r, model).forEach(l -> b.append(esc(l)).append('\n'));
        b.append("</pre>\n");
        if (r.invalid() != null) {
            b.append("<p class=\"k\">Lanes are processes; bars run from an operation's call to its return in real-time"
                    + " order. Blue bars are the longest partial linearization the search found, numbered in its order;"
                    + " red is the operation that cannot be linearized after it; grey hatched bars crashed (they may take"
                    + " effect at any point after their call, or never).</p>\n");
            b.append(svg(r));
        }
        return b.append("</body></html>\n").toString();
    }

    private static String svg(CheckResult r) {
        Operation fail = r.invalid().failing();
        Map<Long, Integer> position = new HashMap<>();
        List<Operation> longest = r.invalid().longest();
        for (int i = 0; i < longest.size(); i++) {
            position.put(longest.get(i).invokeIndex(), i + 1);
        }
        List<Operation> shown = window(r.operations(), fail);
        long lo = shown.stream().mapToLong(Operation::callOrder).min().orElse(0);
        long hi = Math.max(fail.returnOrder(), shown.stream().filter(o -> !o.crashed())
                .mapToLong(Operation::returnOrder).max().orElse(lo + 1)) + 1;
        TreeSet<Long> lanes = new TreeSet<>();
        shown.forEach(o -> lanes.add(o.process()));
        List<Long> laneList = new ArrayList<>(lanes);
        int height = 30 + laneList.size() * LANE;
        StringBuilder s = new StringBuilder();
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(LEFT + WIDTH + 20).append(' ')
                .append(height).append("\" role=\"img\" font-family=\"system-ui, DejaVu Sans, sans-serif\" font-size=\"11\">")
                .append("<title>timeline of the operations around the failure</title>")
                .append("<defs><pattern id=\"hatch\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\""
                        + " patternTransform=\"rotate(45)\"><rect width=\"6\" height=\"6\" fill=\"#eeeeee\"/>"
                        + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#bbbbbb\" stroke-width=\"2\"/></pattern></defs>\n");
        for (int i = 0; i < laneList.size(); i++) {
            int y = 20 + i * LANE;
            s.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">p%d</text><line x1=\"%d\" y1=\"%d\" x2=\"%d\""
                    + " y2=\"%d\" stroke=\"#e4e4e4\"/>%n", y + 15, laneList.get(i), LEFT, y + 24, LEFT + WIDTH, y + 24));
        }
        for (Operation o : shown) {
            int lane = laneList.indexOf(o.process());
            double x1 = x(o.callOrder(), lo, hi);
            double x2 = o.crashed() ? LEFT + WIDTH : x(o.returnOrder(), lo, hi);
            Integer pos = position.get(o.invokeIndex());
            boolean failing = o.invokeIndex() == fail.invokeIndex();
            String fill = failing ? "#f3b0a8" : o.crashed() ? "url(#hatch)" : pos != null ? "#bcd7f0" : "#e8e8e8";
            String stroke = failing ? "#c0392b" : pos != null ? "#0072B2" : "#999999";
            String label = (pos != null ? "#" + pos + " " : "") + o.f() + " "
                    + Values.show(o.crashed() ? o.value() : o.output());
            s.append(String.format(Locale.ROOT, "<g><title>%s [call index %d%s]</title><rect x=\"%.1f\" y=\"%d\""
                    + " width=\"%.1f\" height=\"20\" rx=\"3\" fill=\"%s\" stroke=\"%s\" stroke-width=\"%s\"/>"
                    + "<text x=\"%.1f\" y=\"%d\">%s</text></g>%n", esc(o.describe()), o.invokeIndex(),
                    o.completeIndex() >= 0 ? ", return index " + o.completeIndex() : "", x1, 22 + lane * LANE,
                    Math.max(3, x2 - x1), fill, stroke, failing ? "2" : "1", x1 + 3, 36 + lane * LANE,
                    esc(clip(label, (int) ((x2 - x1) / 6.2)))));
        }
        return s.append("</svg>\n").toString();
    }

    /** The failing operation, what overlaps it, and what came just before, at most MAX_OPS. */
    static List<Operation> window(List<Operation> ops, Operation fail) {
        List<Operation> sorted = new ArrayList<>(ops);
        sorted.sort(java.util.Comparator.comparingLong(Operation::callOrder));
        List<Operation> out = new ArrayList<>();
        for (int i = sorted.size() - 1; i >= 0 && out.size() < MAX_OPS; i--) {
            Operation o = sorted.get(i);
            boolean overlaps = o.callOrder() <= fail.returnOrder() && o.returnOrder() >= fail.callOrder();
            boolean before = o.callOrder() <= fail.returnOrder();
            if ((overlaps || before) && (o.key() == null || o.key().equals(fail.key()))) {
                if (out.size() < MAX_OPS / 2 || overlaps) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    private static double x(long order, long lo, long hi) {
        return LEFT + (double) (order - lo) / (hi - lo) * WIDTH;
    }

    private static String clip(String s, int chars) {
        if (chars < 2) {
            return "";
        }
        return s.length() <= chars ? s : s.substring(0, Math.max(1, chars - 1)) + "…";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

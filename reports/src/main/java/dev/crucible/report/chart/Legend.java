package dev.crucible.report.chart;

import static dev.crucible.report.chart.Svg.fit;
import static dev.crucible.report.chart.Svg.textWidth;
import static dev.crucible.report.chart.Theme.LEGEND_FONT;
import static dev.crucible.report.chart.Theme.LEGEND_ROW;
import static dev.crucible.report.chart.Theme.SWATCH;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The legend's entries, each series then each distinct band label, cut to the width available and wrapped
 * into rows. {@link #rows} tells layout how much room to leave; {@link #place} puts the entries there.
 */
final class Legend {

    /** Space between one entry and the next in a row. */
    private static final double GAP = 18;

    /** An entry before placement: its text and how wide it is with its swatch. */
    private record Sized(String label, String color, Style style, double width) {
    }

    private final List<Sized> entries;
    private final double available;

    private Legend(List<Sized> entries, double available) {
        this.entries = entries;
        this.available = available;
    }

    /** The legend of {@code chart} in rows at most {@code available} wide. */
    static Legend of(Chart chart, double available) {
        List<Sized> entries = new ArrayList<>();
        List<Series> all = chart.series();
        for (int i = 0; i < all.size(); i++) {
            entries.add(sized(all.get(i).name(), chart.colorOf(i), all.get(i).style(), available));
        }
        Map<String, String> bandLabels = new LinkedHashMap<>();
        for (Band b : chart.bands()) {
            if (!b.label().isEmpty()) {
                bandLabels.putIfAbsent(b.label(), b.color());
            }
        }
        bandLabels.forEach((label, color) -> entries.add(sized(label, color, null, available)));
        return new Legend(List.copyOf(entries), available);
    }

    private static Sized sized(String name, String color, Style style, double available) {
        String label = fit(name, LEGEND_FONT, available - SWATCH - 6);
        return new Sized(label, color, style, SWATCH + 6 + textWidth(label, LEGEND_FONT));
    }

    /** How many rows the entries take; 0 for no legend. */
    int rows() {
        if (entries.isEmpty()) {
            return 0;
        }
        int rows = 1;
        double x = 0;
        for (Sized e : entries) {
            if (x > 0 && x + e.width() > available) {
                rows++;
                x = 0;
            }
            x += e.width() + GAP;
        }
        return rows;
    }

    /** The entries placed in rows starting at {@code left}, the first row's top at {@code rowTop}. */
    List<LegendEntry> place(double left, double rowTop) {
        List<LegendEntry> placed = new ArrayList<>(entries.size());
        double top = rowTop;
        double x = 0;
        for (Sized e : entries) {
            if (x > 0 && x + e.width() > available) {
                top += LEGEND_ROW;
                x = 0;
            }
            placed.add(new LegendEntry(e.label(), e.color(), e.style(), left + x, top + LEGEND_ROW / 2));
            x += e.width() + GAP;
        }
        return List.copyOf(placed);
    }
}

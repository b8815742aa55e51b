/**
 * Server-side SVG charts for the report: axes with titles and units, legends, shaded bands.
 *
 * <p>{@link dev.crucible.report.chart.Chart#svg()} works in two steps. Layout computes where everything
 * goes, once, as an immutable value: the data's scale positions and axis plans (Positions, AxisPlan), the
 * plot rectangle and margins, how x tick labels are set (XLabels) and the placed legend (Legend). Drawing
 * (Painter, with SeriesPainter, AxisPainter and LegendPainter) writes that layout down as SVG and decides
 * nothing about geometry; Theme holds the sizes and colours both share.
 */
package dev.crucible.report.chart;

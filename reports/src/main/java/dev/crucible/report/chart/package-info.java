/** Server-side SVG charts for the report: axes with titles and units, legends, shaded bands. */
package dev.crucible.report.chart;

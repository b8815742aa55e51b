/**
 * Reports: reads result files (run directories written by {@code crucible bench}, HDR interval logs,
 * {@code .hgrm} percentile files, JMH and OMB result JSON), compares groups of runs with a bootstrap
 * verdict, and renders one self-contained HTML file, {@code report.md} and {@code verdict.json}.
 * It reads files only and never needs the load generator's classes.
 */
package dev.crucible.report;

package dev.crucible.report.model;

/**
 * A fault window of a chaos run (seconds since the run's start), shaded on time charts.
 *
 * @param name what the fault was (kill, pause, partition, ...)
 * @param fromSec start
 * @param toSec heal
 */
public record Fault(String name, double fromSec, double toSec) {}

/**
 * Jepsen-style fault runs against any Kafka-protocol target: clients that record every operation
 * as a history, nemeses that inject faults on a schedule, and the run directory the checker and
 * the reports read.
 */
package dev.crucible.chaos;

/**
 * The load generator: OMB-compatible workloads, open-loop pacing through kafka-clients, HDR
 * recording from intended send times, coordinator and worker agents. The brokers a run measures are
 * started and stopped by the launcher module ({@code dev.crucible.launch}).
 */
package dev.crucible.load;

package dev.crucible.chaos.nemesis;

/**
 * A fault as it happened, for the timeline: seconds since the run began (client start), what was
 * done and the probes' evidence. {@code toSec} is the heal time ({@code -1} if it never healed);
 * {@code answers} is what every node answered to ApiVersions right after the heal.
 */
public record FaultWindow(String name, double fromSec, double toSec, String description, String probe,
    String healProbe, String answers) {}

/** The run's clocks ({@link dev.crucible.chaos.time.RunClock}): the bottom layer of chaos. */
package dev.crucible.chaos.time;

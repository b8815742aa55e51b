/**
 * The clock the load generator reads and waits on ({@link dev.crucible.load.clock.LoadClock}),
 * injected so tests drive time. The lowest layer of the module: it imports nothing of it.
 */
package dev.crucible.load.clock;

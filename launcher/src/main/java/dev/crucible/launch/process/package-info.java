/**
 * The bottom layer of the launcher, plain Java: child JVMs that end with us ({@link
 * dev.crucible.launch.process.ChildJvm}, {@link dev.crucible.launch.process.ParentWatch}), TCP
 * checks, log tails, POSIX signals, CPU time from /proc, and the one way shutdown hooks are written
 * ({@link dev.crucible.launch.process.StopHook}, {@link dev.crucible.launch.process.ShutdownGate},
 * {@link dev.crucible.launch.process.Foreground}).
 */
package dev.crucible.launch.process;

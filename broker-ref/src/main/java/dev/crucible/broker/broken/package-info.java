/**
 * DELIBERATELY BROKEN broker modes, for testing the chaos harness and its checker only: a checker that
 * never fails is worth nothing, so these modes give it real bugs to find. Off unless
 * {@code crucible.broken} names one ({@link dev.crucible.broker.config.BrokenMode}); a broker in one
 * prints a warning to standard error at start. Never run one for real data.
 *
 * <p>The correct broker does not depend on this package beyond the few lines in {@code Broker} and
 * {@code ProduceHandler} that switch a mode on.
 */
package dev.crucible.broker.broken;

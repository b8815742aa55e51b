/**
 * A comparison of what was read: runs and JMH files grouped by label, the baseline chosen, and the verdict
 * rows of every other label against it. Sits between reading and statistics below and rendering above.
 */
package dev.crucible.report.compare;

/**
 * A network lab for Jepsen-style partitions: each broker node in a network namespace of its own on
 * a bridge shared with the host, faults as iptables rules inside the namespaces ({@link
 * dev.crucible.chaos.net.NetLab}), and who-drops-whom as data ({@link
 * dev.crucible.chaos.net.Grudge}). Needs root, iproute2 and iptables.
 */
package dev.crucible.chaos.net;

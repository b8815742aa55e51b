package dev.crucible.chaos.net;

import java.util.Collection;
import java.util.Locale;

/**
 * The iptables rules of one node, as {@code iptables-restore --noflush} input, run inside the
 * node's namespace (so they touch nothing outside the lab, and vanish with the namespace).
 *
 * <p>All fault rules live in one chain of ours, {@value #CHAIN}, jumped to first thing from INPUT.
 * Declaring a chain in {@code --noflush} input empties it, so {@link #replace} swaps the whole
 * fault set of a node in one atomic transaction: no moment with half a partition.
 *
 * <pre>
 *   INPUT      -j crc-fault
 *   crc-fault  -s PEER/32 -j DROP                                   one per grudge peer
 *              -s PEER/32 -p tcp --sport PORT -j DROP                 two per port cut: the peer's
 *              -s PEER/32 -p tcp --dport PORT -j DROP                 answers and requests
 *              -m statistic --mode random --probability P -j DROP   packet loss, if any
 * </pre>
 */
final class FaultRules {

    static final String CHAIN = "crc-fault";

    private FaultRules() {
    }

    /** Creates the (empty) fault chain and the jump to it; once, when the node is made. */
    static String install() {
        return "*filter\n:" + CHAIN + " - [0:0]\n-A INPUT -j " + CHAIN + "\nCOMMIT\n";
    }

    /** One peer's TCP packets to or from one port, dropped. */
    record PortCut(String source, int port) implements Comparable<PortCut> {
        @Override
        public int compareTo(PortCut o) {
            int c = source.compareTo(o.source);
            return c != 0 ? c : Integer.compare(port, o.port);
        }
    }

    /** {@link #replace(Collection, Collection, double)} without port cuts. */
    static String replace(Collection<String> sources, double lossProbability) {
        return replace(sources, java.util.List.of(), lossProbability);
    }

    /**
     * Replaces the fault chain: drop all packets from {@code sources}, the TCP packets {@code cuts} name, and a
     * share of the rest.
     */
    static String replace(Collection<String> sources, Collection<PortCut> cuts, double lossProbability) {
        StringBuilder rules = new StringBuilder("*filter\n:" + CHAIN + " - [0:0]\n");
        for (String source : sources) {
            rules.append("-A ").append(CHAIN).append(" -s ").append(source).append("/32 -j DROP\n");
        }
        for (PortCut cut : cuts) {
            for (String direction : new String[] {"--sport", "--dport"}) {
                rules.append("-A ").append(CHAIN).append(" -s ").append(cut.source()).append("/32 -p tcp ").append(direction)
                        .append(' ').append(cut.port()).append(" -j DROP\n");
            }
        }
        if (lossProbability > 0) {
            rules.append("-A ").append(CHAIN).append(" -m statistic --mode random --probability ")
                    .append(String.format(Locale.ROOT, "%.6f", lossProbability)).append(" -j DROP\n");
        }
        return rules.append("COMMIT\n").toString();
    }
}

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

    /** Replaces the fault chain: drop all packets from {@code sources}, and a share of the rest. */
    static String replace(Collection<String> sources, double lossProbability) {
        StringBuilder rules = new StringBuilder("*filter\n:" + CHAIN + " - [0:0]\n");
        for (String source : sources) {
            rules.append("-A ").append(CHAIN).append(" -s ").append(source).append("/32 -j DROP\n");
        }
        if (lossProbability > 0) {
            rules.append("-A ").append(CHAIN).append(" -m statistic --mode random --probability ")
                    .append(String.format(Locale.ROOT, "%.6f", lossProbability)).append(" -j DROP\n");
        }
        return rules.append("COMMIT\n").toString();
    }
}

package dev.crucible.broker.group;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Kafka's protocol selection: only a protocol every member supports is a candidate; each member votes
 * for the first candidate in its own preference order; the most votes win. Ties go to the candidate
 * that got its first vote earliest in join order (Kafka leaves ties unspecified; this makes them
 * deterministic).
 */
final class ProtocolVote {
    private ProtocolVote() {
    }

    static boolean supportedByAll(String protocolName, Collection<GroupMember> members) {
        for (GroupMember member : members) {
            if (!member.supports(protocolName)) {
                return false;
            }
        }
        return true;
    }

    /** The selected protocol name; members must be non-empty and share at least one protocol. */
    static String select(Collection<GroupMember> members) {
        Map<String, Integer> votes = new LinkedHashMap<>();
        for (GroupMember member : members) {
            for (Protocol protocol : member.protocols) {
                if (supportedByAll(protocol.name(), members)) {
                    votes.merge(protocol.name(), 1, Integer::sum);
                    break;
                }
            }
        }
        String best = null;
        int bestVotes = 0;
        for (Map.Entry<String, Integer> entry : votes.entrySet()) {
            if (entry.getValue() > bestVotes) {
                best = entry.getKey();
                bestVotes = entry.getValue();
            }
        }
        if (best == null) {
            throw new IllegalStateException("no protocol supported by all " + members.size() + " members");
        }
        return best;
    }
}

package dev.crucible.broker.group;

import java.util.ArrayList;
import java.util.List;

/**
 * A classic group's membership as its last completed rebalance left it (Kafka's group metadata record):
 * written to the offsets store when the group becomes Stable (and, with no members, when it becomes
 * Empty), so a coordinator that takes over the offsets store knows the members and their generation
 * and they go on without a rebalance.
 */
record GroupSnapshot(String groupId, int generationId, String protocolType, String protocolName, String leaderId,
                     List<Member> members) {

    /** One member: identity, timeouts, its subscription for the chosen protocol, its assignment. */
    record Member(String memberId, String groupInstanceId, String clientId, String clientHost, int rebalanceTimeoutMs,
                  int sessionTimeoutMs, byte[] subscription, byte[] assignment) { }

    /** What {@code group} holds now; call under its lock. */
    static GroupSnapshot of(ClassicGroup group) {
        List<Member> members = new ArrayList<>();
        for (GroupMember m : group.members()) {
            members.add(new Member(m.memberId, m.groupInstanceId, m.clientId, m.clientHost, m.rebalanceTimeoutMs,
                m.sessionTimeoutMs, group.protocolName == null ? GroupMember.NO_BYTES : m.metadata(group.protocolName), m.assignment));
        }
        return new GroupSnapshot(group.groupId, group.generationId, group.protocolType, group.protocolName, group.leaderId,
            List.copyOf(members));
    }
}

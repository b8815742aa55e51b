package dev.crucible.broker.group;

import org.apache.kafka.common.protocol.Errors;

/**
 * The checks SyncGroup, Heartbeat and OffsetCommit share, in Kafka's order: the static instance id
 * must belong to this member id (else FENCED_INSTANCE_ID), the member must exist (else
 * UNKNOWN_MEMBER_ID), and its generation must be the group's (else ILLEGAL_GENERATION).
 */
final class MemberChecks {
    private MemberChecks() {
    }

    static Errors validate(ClassicGroup group, String memberId, String instanceId, int generationId) {
        Errors member = validateMember(group, memberId, instanceId);
        if (member != Errors.NONE) {
            return member;
        }
        if (group.isIn(GroupState.EMPTY)) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        return generationId == group.generationId ? Errors.NONE : Errors.ILLEGAL_GENERATION;
    }

    static Errors validateMember(ClassicGroup group, String memberId, String instanceId) {
        if (instanceId != null) {
            String holder = group.staticMemberId(instanceId);
            if (holder == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!holder.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
        }
        return group.hasMember(memberId) ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID;
    }
}

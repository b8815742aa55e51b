package dev.crucible.broker.group;

import org.apache.kafka.common.message.LeaveGroupRequestData;
import org.apache.kafka.common.message.LeaveGroupRequestData.MemberIdentity;
import org.apache.kafka.common.message.LeaveGroupResponseData;
import org.apache.kafka.common.message.LeaveGroupResponseData.MemberResponse;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;

/**
 * LeaveGroup: v0-2 name one member id; v3+ a batch of members, each by member id and/or static
 * instance id, each with its own error. Every departure rebalances the group. Runs with the group
 * locked.
 */
final class LeaveGroupHandler {
    private final Rebalancer rebalancer;

    LeaveGroupHandler(Rebalancer rebalancer) {
        this.rebalancer = rebalancer;
    }

    /** The members a request names, in the v3+ shape whatever its version. */
    static List<MemberIdentity> leaving(short version, LeaveGroupRequestData request) {
        if (version >= 3) {
            return request.members();
        }
        return List.of(new MemberIdentity().setMemberId(request.memberId()));
    }

    LeaveGroupResponseData handle(ClassicGroup group, short version, LeaveGroupRequestData request, Completions done) {
        List<MemberIdentity> members = leaving(version, request);
        List<Errors> errors = new ArrayList<>(members.size());
        for (MemberIdentity identity : members) {
            errors.add(leave(group, identity, done));
        }
        return response(version, members, errors);
    }

    private Errors leave(ClassicGroup group, MemberIdentity identity, Completions done) {
        String memberId = identity.memberId();
        String instanceId = identity.groupInstanceId();
        if (instanceId != null) {
            String holder = group.staticMemberId(instanceId);
            if (holder == null) {
                return Errors.UNKNOWN_MEMBER_ID;
            }
            if (!memberId.isEmpty() && !holder.equals(memberId)) {
                return Errors.FENCED_INSTANCE_ID;
            }
            memberId = holder;
        }
        if (group.pendingMembers.remove(memberId)) {
            rebalancer.tryCompleteJoin(group, done);
            return Errors.NONE;
        }
        GroupMember member = group.member(memberId);
        if (member == null) {
            return Errors.UNKNOWN_MEMBER_ID;
        }
        rebalancer.removeMember(group, member, Errors.UNKNOWN_MEMBER_ID, done);
        return Errors.NONE;
    }

    /** The answer when the group does not exist: every named member is unknown. */
    static LeaveGroupResponseData unknownGroup(short version, LeaveGroupRequestData request) {
        List<MemberIdentity> members = leaving(version, request);
        List<Errors> errors = new ArrayList<>(members.size());
        members.forEach(m -> errors.add(Errors.UNKNOWN_MEMBER_ID));
        return response(version, members, errors);
    }

    private static LeaveGroupResponseData response(short version, List<MemberIdentity> members, List<Errors> errors) {
        if (version < 3) {
            return new LeaveGroupResponseData().setErrorCode(errors.get(0).code());
        }
        List<MemberResponse> responses = new ArrayList<>(members.size());
        for (int i = 0; i < members.size(); i++) {
            responses.add(new MemberResponse()
                .setMemberId(members.get(i).memberId())
                .setGroupInstanceId(members.get(i).groupInstanceId())
                .setErrorCode(errors.get(i).code()));
        }
        return new LeaveGroupResponseData().setMembers(responses);
    }
}

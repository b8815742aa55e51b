package dev.crucible.broker.group;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.JoinGroupResponseData.JoinGroupResponseMember;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds JoinGroup and SyncGroup responses that serialize at the version they answer: a field the
 * version does not have is left at its default (the generated writer refuses anything else).
 */
final class JoinResponses {
    private JoinResponses() {
    }

    static JoinGroupResponseData error(String memberId, Errors error) {
        return new JoinGroupResponseData().setErrorCode(error.code()).setMemberId(memberId == null ? "" : memberId);
    }

    /**
     * The answer for {@code memberId} in the group's current generation. The leader gets every
     * member's subscription when {@code withMembers} is set; followers always get an empty list.
     */
    static JoinGroupResponseData generation(ClassicGroup group, String memberId, short version, boolean withMembers) {
        JoinGroupResponseData response = new JoinGroupResponseData()
            .setMemberId(memberId)
            .setGenerationId(group.generationId)
            .setProtocolName(group.protocolName)
            .setLeader(group.leaderId);
        if (version >= 7) {
            response.setProtocolType(group.protocolType);
        }
        if (withMembers && memberId.equals(group.leaderId)) {
            response.setMembers(members(group, version));
        }
        return response;
    }

    private static List<JoinGroupResponseMember> members(ClassicGroup group, short version) {
        List<JoinGroupResponseMember> list = new ArrayList<>(group.size());
        for (GroupMember member : group.members()) {
            JoinGroupResponseMember entry = new JoinGroupResponseMember()
                .setMemberId(member.memberId)
                .setMetadata(member.metadata(group.protocolName));
            if (version >= 5) {
                entry.setGroupInstanceId(member.groupInstanceId);
            }
            list.add(entry);
        }
        return list;
    }

    static SyncGroupResponseData syncError(Errors error) {
        return new SyncGroupResponseData().setErrorCode(error.code()).setAssignment(GroupMember.NO_BYTES);
    }

    static SyncGroupResponseData assignment(ClassicGroup group, byte[] assignment, short version) {
        SyncGroupResponseData response = new SyncGroupResponseData().setAssignment(assignment);
        if (version >= 5) {
            response.setProtocolType(group.protocolType).setProtocolName(group.protocolName);
        }
        return response;
    }
}

package dev.crucible.broker.group;

import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.message.DescribeGroupsRequestData;
import org.apache.kafka.common.message.DescribeGroupsResponseData;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroup;
import org.apache.kafka.common.message.DescribeGroupsResponseData.DescribedGroupMember;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.utils.Utils;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * ListGroups and DescribeGroups: read-only views of the groups, each group read under its lock.
 * DescribeGroups shows subscriptions and assignments only for a Stable group (as Kafka does); a group
 * that does not exist is reported Dead, with GROUP_ID_NOT_FOUND from v6 on (KIP-1043) and no error
 * before.
 */
final class GroupListing {
    static final String GROUP_TYPE = "classic";
    /** Without an authorizer every group operation is allowed: READ, DELETE and DESCRIBE. */
    private static final int GROUP_OPERATIONS = Utils.to32BitField(Set.of(
        AclOperation.READ.code(), AclOperation.DELETE.code(), AclOperation.DESCRIBE.code()));

    private final GroupRegistry registry;

    GroupListing(GroupRegistry registry) {
        this.registry = registry;
    }

    ListGroupsResponseData list(short version, ListGroupsRequestData request) {
        List<String> states = version >= 4 ? request.statesFilter() : List.of();
        List<String> types = version >= 5 ? request.typesFilter() : List.of();
        List<ListedGroup> listed = new ArrayList<>();
        if (!types.isEmpty() && types.stream().noneMatch(GROUP_TYPE::equalsIgnoreCase)) {
            return new ListGroupsResponseData();
        }
        for (ClassicGroup group : registry.snapshot()) {
            registry.withGroup(group, (g, done) -> {
                if (states.isEmpty() || states.stream().anyMatch(g.state()::matches)) {
                    listed.add(listed(version, g));
                }
            });
        }
        return new ListGroupsResponseData().setGroups(listed);
    }

    private static ListedGroup listed(short version, ClassicGroup group) {
        ListedGroup entry = new ListedGroup().setGroupId(group.groupId)
            .setProtocolType(group.protocolType == null ? "" : group.protocolType);
        if (version >= 4) {
            entry.setGroupState(group.state().kafkaName());
        }
        if (version >= 5) {
            entry.setGroupType(GROUP_TYPE);
        }
        return entry;
    }

    DescribeGroupsResponseData describe(short version, DescribeGroupsRequestData request) {
        DescribeGroupsResponseData response = new DescribeGroupsResponseData();
        boolean withOperations = version >= 3 && request.includeAuthorizedOperations();
        for (String groupId : request.groups()) {
            DescribedGroup[] found = new DescribedGroup[1];
            registry.withGroup(groupId, false, (g, done) -> found[0] = described(version, g));
            DescribedGroup entry = found[0] != null ? found[0] : dead(version, groupId);
            if (found[0] != null && withOperations) {
                entry.setAuthorizedOperations(GROUP_OPERATIONS);
            }
            response.groups().add(entry);
        }
        return response;
    }

    static DescribedGroup dead(short version, String groupId) {
        DescribedGroup entry = new DescribedGroup().setGroupId(groupId).setGroupState(GroupState.DEAD.kafkaName());
        if (version >= 6) {
            entry.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code()).setErrorMessage("Group " + groupId + " not found.");
        }
        return entry;
    }

    private static DescribedGroup described(short version, ClassicGroup group) {
        boolean stable = group.isIn(GroupState.STABLE);
        DescribedGroup entry = new DescribedGroup()
            .setGroupId(group.groupId)
            .setGroupState(group.state().kafkaName())
            .setProtocolType(group.protocolType == null ? "" : group.protocolType)
            .setProtocolData(stable ? group.protocolName : "");
        for (GroupMember member : group.members()) {
            DescribedGroupMember described = new DescribedGroupMember()
                .setMemberId(member.memberId)
                .setClientId(member.clientId)
                .setClientHost(member.clientHost)
                .setMemberMetadata(stable ? member.metadata(group.protocolName) : GroupMember.NO_BYTES)
                .setMemberAssignment(stable ? member.assignment : GroupMember.NO_BYTES);
            if (version >= 4) {
                described.setGroupInstanceId(member.groupInstanceId);
            }
            entry.members().add(described);
        }
        return entry;
    }
}

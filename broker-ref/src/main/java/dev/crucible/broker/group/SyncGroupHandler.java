package dev.crucible.broker.group;

import org.apache.kafka.common.message.SyncGroupRequestData;
import org.apache.kafka.common.message.SyncGroupRequestData.SyncGroupRequestAssignment;
import org.apache.kafka.common.message.SyncGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * SyncGroup: the leader's assignment is stored and handed to every member; followers that sync first
 * wait for it. In a stable group a member simply gets its current assignment. Runs with the group
 * locked.
 */
final class SyncGroupHandler {
    private final Rebalancer rebalancer;
    private final MembershipLog membership;

    SyncGroupHandler(Rebalancer rebalancer, MembershipLog membership) {
        this.rebalancer = rebalancer;
        this.membership = membership;
    }

    void handle(ClassicGroup group, short version, SyncGroupRequestData request,
                CompletableFuture<SyncGroupResponseData> future, Completions done) {
        String instanceId = version >= 3 ? request.groupInstanceId() : null;
        Errors error = MemberChecks.validate(group, request.memberId(), instanceId, request.generationId());
        if (error == Errors.NONE && version >= 5 && !consistent(group, request)) {
            error = Errors.INCONSISTENT_GROUP_PROTOCOL;
        }
        if (error == Errors.NONE && group.isIn(GroupState.PREPARING_REBALANCE)) {
            error = Errors.REBALANCE_IN_PROGRESS;
        }
        if (error != Errors.NONE) {
            done.complete(future, JoinResponses.syncError(error));
            return;
        }
        GroupMember member = group.member(request.memberId());
        group.pendingSyncMembers.remove(member.memberId);
        rebalancer.touch(group, member);
        if (group.isIn(GroupState.STABLE)) {
            done.complete(future, JoinResponses.assignment(group, member.assignment, version));
            return;
        }
        // CompletingRebalance: wait for the leader's assignment, unless this is it
        Rebalancer.failSync(member, Errors.REBALANCE_IN_PROGRESS, done);
        member.syncFuture = future;
        member.syncVersion = version;
        if (member.memberId.equals(group.leaderId)) {
            applyAssignment(group, request, done);
        }
    }

    private static boolean consistent(ClassicGroup group, SyncGroupRequestData request) {
        return (request.protocolType() == null || request.protocolType().equals(group.protocolType))
            && (request.protocolName() == null || request.protocolName().equals(group.protocolName));
    }

    private void applyAssignment(ClassicGroup group, SyncGroupRequestData request, Completions done) {
        Map<String, byte[]> byMember = new HashMap<>();
        for (SyncGroupRequestAssignment entry : request.assignments()) {
            byMember.put(entry.memberId(), entry.assignment());
        }
        group.transitionTo(GroupState.STABLE);
        for (GroupMember member : group.members()) {
            member.assignment = byMember.getOrDefault(member.memberId, GroupMember.NO_BYTES);
            if (member.awaitingSync()) {
                done.complete(member.syncFuture, JoinResponses.assignment(group, member.assignment, member.syncVersion));
                member.syncFuture = null;
            }
        }
        membership.save(group, done);
    }
}

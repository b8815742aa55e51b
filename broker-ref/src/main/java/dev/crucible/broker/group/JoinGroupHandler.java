package dev.crucible.broker.group;

import org.apache.kafka.common.message.JoinGroupRequestData;
import org.apache.kafka.common.message.JoinGroupRequestData.JoinGroupRequestProtocol;
import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * JoinGroup: a new member gets an id (v4+ first answers MEMBER_ID_REQUIRED and waits for the rejoin,
 * KIP-394), a known member rejoins, a static member ({@code group.instance.id}, v5+) that comes back
 * with a fresh id replaces and fences its old id, without a rebalance when nothing changed.
 * Runs with the group locked.
 */
final class JoinGroupHandler {
    private final GroupConfig config;
    private final Rebalancer rebalancer;

    JoinGroupHandler(GroupConfig config, Rebalancer rebalancer) {
        this.config = config;
        this.rebalancer = rebalancer;
    }

    /** The parts of a JoinGroup the handler uses, read once with the version's rules applied. */
    private record Join(short version, String clientId, String clientHost, String memberId, String instanceId,
                        int sessionTimeoutMs, int rebalanceTimeoutMs, String protocolType, List<Protocol> protocols,
                        CompletableFuture<JoinGroupResponseData> future) {
    }

    void handle(ClassicGroup group, short version, String clientId, String clientHost, JoinGroupRequestData request,
                CompletableFuture<JoinGroupResponseData> future, Completions done) {
        int sessionMs = request.sessionTimeoutMs();
        // v0 has no rebalance timeout: the session timeout bounds the join phase
        int rebalanceMs = version == 0 || request.rebalanceTimeoutMs() <= 0 ? sessionMs : request.rebalanceTimeoutMs();
        Join join = new Join(version, clientId, clientHost, request.memberId(),
            version >= 5 ? request.groupInstanceId() : null, sessionMs, rebalanceMs, request.protocolType(),
            protocols(request), future);
        if (!hasRoom(group, join)) {
            done.complete(future, JoinResponses.error(join.memberId, Errors.GROUP_MAX_SIZE_REACHED));
        } else if (!group.supportsProtocols(join.protocolType, join.protocols)) {
            done.complete(future, JoinResponses.error(join.memberId, Errors.INCONSISTENT_GROUP_PROTOCOL));
        } else if (join.memberId.isEmpty()) {
            joinNewMember(group, join, done);
        } else {
            joinKnownMember(group, join, done);
        }
    }

    private static List<Protocol> protocols(JoinGroupRequestData request) {
        List<Protocol> list = new ArrayList<>(request.protocols().size());
        for (JoinGroupRequestProtocol protocol : request.protocols()) {
            list.add(new Protocol(protocol.name(), protocol.metadata()));
        }
        return list;
    }

    private boolean hasRoom(ClassicGroup group, Join join) {
        boolean known = !join.memberId.isEmpty()
            && (group.hasMember(join.memberId) || group.pendingMembers.contains(join.memberId));
        boolean knownInstance = join.instanceId != null && group.staticMemberId(join.instanceId) != null;
        return known || knownInstance || group.size() + group.pendingMembers.size() < config.maxGroupSize();
    }

    private void joinNewMember(ClassicGroup group, Join join, Completions done) {
        String prefix = join.instanceId != null ? join.instanceId : join.clientId;
        String memberId = prefix + "-" + UUID.randomUUID();
        if (join.instanceId != null) {
            String existing = group.staticMemberId(join.instanceId);
            if (existing != null) {
                replaceStaticMember(group, group.member(existing), memberId, join, done);
            } else {
                rebalancer.addMember(group, newMember(memberId, join), join.future, join.version, done);
            }
        } else if (join.version >= 4) {
            rebalancer.expectJoin(group, memberId, join.sessionTimeoutMs);
            done.complete(join.future, JoinResponses.error(memberId, Errors.MEMBER_ID_REQUIRED));
        } else {
            rebalancer.addMember(group, newMember(memberId, join), join.future, join.version, done);
        }
    }

    private static GroupMember newMember(String memberId, Join join) {
        GroupMember member = new GroupMember(memberId, join.instanceId, join.clientId, join.clientHost);
        member.update(join.sessionTimeoutMs, join.rebalanceTimeoutMs, join.protocolType, join.protocols);
        return member;
    }

    private void joinKnownMember(ClassicGroup group, Join join, Completions done) {
        if (group.pendingMembers.contains(join.memberId)) {
            rebalancer.addMember(group, newMember(join.memberId, join), join.future, join.version, done);
            return;
        }
        if (join.instanceId != null) {
            String holder = group.staticMemberId(join.instanceId);
            if (holder != null && !holder.equals(join.memberId)) {
                done.complete(join.future, JoinResponses.error(join.memberId, Errors.FENCED_INSTANCE_ID));
                return;
            }
        }
        GroupMember member = group.member(join.memberId);
        if (member == null || group.isIn(GroupState.EMPTY)) {
            done.complete(join.future, JoinResponses.error(join.memberId, Errors.UNKNOWN_MEMBER_ID));
            return;
        }
        boolean unchanged = member.sameProtocols(join.protocols);
        boolean answerNow = switch (group.state()) {
            case COMPLETING_REBALANCE -> unchanged;
            case STABLE -> unchanged && !member.memberId.equals(group.leaderId);
            default -> false;
        };
        if (answerNow) {
            // the member lost our answer (or rejoined for nothing): it gets the current generation again
            rebalancer.touch(group, member);
            boolean withMembers = group.isIn(GroupState.COMPLETING_REBALANCE);
            done.complete(join.future, JoinResponses.generation(group, member.memberId, join.version, withMembers));
            return;
        }
        member.update(join.sessionTimeoutMs, join.rebalanceTimeoutMs, join.protocolType, join.protocols);
        rebalancer.rejoin(group, member, join.future, join.version, done);
    }

    /**
     * A static member restarted: its new id takes the old one's place (the old id is fenced). In a
     * stable group with unchanged subscriptions it keeps its assignment and no rebalance happens; a
     * v9+ leader is told to skip the assignment (KIP-814) and still sees the members.
     */
    private void replaceStaticMember(ClassicGroup group, GroupMember old, String memberId, Join join, Completions done) {
        GroupMember fresh = old.withMemberId(memberId, join.clientId, join.clientHost);
        if (old.awaitingJoin()) {
            done.complete(old.joinFuture, JoinResponses.error(old.memberId, Errors.FENCED_INSTANCE_ID));
            old.joinFuture = null;
        }
        Rebalancer.failSync(old, Errors.FENCED_INSTANCE_ID, done);
        group.replaceStatic(old.memberId, fresh);
        boolean unchanged = join.protocolType.equals(group.protocolType) && old.sameProtocols(join.protocols);
        fresh.update(join.sessionTimeoutMs, join.rebalanceTimeoutMs, join.protocolType, join.protocols);
        if (group.isIn(GroupState.STABLE) && unchanged) {
            rebalancer.touch(group, fresh);
            boolean leaderV9 = join.version >= 9 && memberId.equals(group.leaderId);
            JoinGroupResponseData response = JoinResponses.generation(group, memberId, join.version, leaderV9);
            if (leaderV9) {
                response.setSkipAssignment(true);
            }
            done.complete(join.future, response);
        } else {
            rebalancer.rejoin(group, fresh, join.future, join.version, done);
        }
    }
}

package dev.crucible.broker.group;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The rebalance state machine of classic groups and the timers that drive it: starting a rebalance,
 * ending the join phase (everyone rejoined, the initial delay ran out, or the rebalance timeout
 * expired), removing members (leave, session expiry, missing SyncGroup) and answering the waiters.
 * Every method runs with the group locked; timer callbacks lock it themselves through the registry.
 */
final class Rebalancer {
    private final GroupConfig config;
    private final GroupRegistry registry;
    private final GroupTimers timers;
    private final MembershipLog membership;

    Rebalancer(GroupConfig config, GroupRegistry registry, GroupTimers timers, MembershipLog membership) {
        this.membership = membership;
        this.config = config;
        this.registry = registry;
        this.timers = timers;
    }

    /** Adds a member that sent its JoinGroup, and starts or feeds a rebalance. */
    void addMember(ClassicGroup group, GroupMember member, CompletableFuture<JoinGroupResponseData> future,
                   short version, Completions done) {
        member.joinFuture = future;
        member.joinVersion = version;
        if (group.isIn(GroupState.PREPARING_REBALANCE)) {
            group.newMemberAdded = true;
        }
        group.pendingMembers.remove(member.memberId);
        group.add(member);
        joined(group, done);
    }

    /** A known member rejoined (possibly with new protocols): it waits for the next generation. */
    void rejoin(ClassicGroup group, GroupMember member, CompletableFuture<JoinGroupResponseData> future,
                short version, Completions done) {
        if (member.awaitingJoin()) {
            // a retried JoinGroup replaces the first; that one's connection has given up on it
            done.complete(member.joinFuture, JoinResponses.error(member.memberId, Errors.REBALANCE_IN_PROGRESS));
        }
        member.joinFuture = future;
        member.joinVersion = version;
        joined(group, done);
    }

    private void joined(ClassicGroup group, Completions done) {
        if (group.isIn(GroupState.PREPARING_REBALANCE)) {
            tryCompleteJoin(group, done);
        } else {
            prepareRebalance(group, done);
        }
    }

    /**
     * Starts a rebalance: members must rejoin. Waiting SyncGroups are told REBALANCE_IN_PROGRESS. An
     * empty group waits the initial delay first, so members started together land in one generation.
     */
    void prepareRebalance(ClassicGroup group, Completions done) {
        if (group.isIn(GroupState.COMPLETING_REBALANCE)) {
            for (GroupMember member : group.members()) {
                member.assignment = GroupMember.NO_BYTES;
                failSync(member, Errors.REBALANCE_IN_PROGRESS, done);
            }
        }
        GroupTimers.cancel(group.syncTimer);
        group.syncTimer = null;
        group.pendingSyncMembers.clear();
        boolean initial = group.isIn(GroupState.EMPTY) && config.initialRebalanceDelayMs() > 0;
        group.transitionTo(GroupState.PREPARING_REBALANCE);
        long sequence = ++group.rebalanceSequence;
        GroupTimers.cancel(group.joinTimer);
        int rebalanceTimeoutMs = group.rebalanceTimeoutMs();
        if (initial) {
            int delayMs = config.initialRebalanceDelayMs();
            group.initialDelayActive = true;
            group.newMemberAdded = false;
            scheduleInitialJoin(group, sequence, delayMs, Math.max(rebalanceTimeoutMs - delayMs, 0));
        } else {
            group.initialDelayActive = false;
            group.joinTimer = timers.after(rebalanceTimeoutMs, () -> registry.withGroup(group, (g, d) -> {
                if (g.rebalanceSequence == sequence && g.isIn(GroupState.PREPARING_REBALANCE)) {
                    completeJoin(g, d);
                }
            }));
            tryCompleteJoin(group, done);
        }
    }

    /** Kafka's delayed initial join: wait again while new members keep arriving, within the timeout. */
    private void scheduleInitialJoin(ClassicGroup group, long sequence, int delayMs, int remainingMs) {
        group.joinTimer = timers.after(delayMs, () -> registry.withGroup(group, (g, d) -> {
            if (g.rebalanceSequence != sequence || !g.isIn(GroupState.PREPARING_REBALANCE)) {
                return;
            }
            if (g.newMemberAdded && remainingMs > 0) {
                g.newMemberAdded = false;
                int nextDelayMs = Math.min(config.initialRebalanceDelayMs(), remainingMs);
                scheduleInitialJoin(g, sequence, nextDelayMs, Math.max(remainingMs - nextDelayMs, 0));
            } else {
                completeJoin(g, d);
            }
        }));
    }

    void tryCompleteJoin(ClassicGroup group, Completions done) {
        if (group.isIn(GroupState.PREPARING_REBALANCE) && !group.initialDelayActive && group.allMembersJoined()) {
            completeJoin(group, done);
        }
    }

    /**
     * Ends the join phase: dynamic members that did not rejoin are dropped, the generation advances,
     * a protocol is chosen and every waiting member gets its JoinGroup answer (the leader with all
     * members' subscriptions). Then each member has the rebalance timeout to send SyncGroup.
     */
    void completeJoin(ClassicGroup group, Completions done) {
        GroupTimers.cancel(group.joinTimer);
        group.joinTimer = null;
        group.initialDelayActive = false;
        for (GroupMember member : group.memberList()) {
            if (!member.awaitingJoin() && !member.isStatic()) {
                group.remove(member.memberId);
            }
        }
        group.generationId++;
        if (group.size() == 0) {
            group.protocolName = null;
            group.transitionTo(GroupState.EMPTY);
            membership.save(group, done);
            return;
        }
        group.protocolName = ProtocolVote.select(group.members());
        group.transitionTo(GroupState.COMPLETING_REBALANCE);
        for (GroupMember member : group.members()) {
            if (member.awaitingJoin()) {
                done.complete(member.joinFuture, JoinResponses.generation(group, member.memberId, member.joinVersion, true));
                member.joinFuture = null;
            }
            group.pendingSyncMembers.add(member.memberId);
            touch(group, member);
        }
        int generation = group.generationId;
        group.syncTimer = timers.after(group.rebalanceTimeoutMs(),
            () -> registry.withGroup(group, (g, d) -> expirePendingSync(g, generation, d)));
    }

    private void expirePendingSync(ClassicGroup group, int generation, Completions done) {
        if (group.generationId != generation
            || !(group.isIn(GroupState.COMPLETING_REBALANCE) || group.isIn(GroupState.STABLE))) {
            return;
        }
        List<String> late = new ArrayList<>(group.pendingSyncMembers);
        for (String memberId : late) {
            GroupMember member = group.member(memberId);
            if (member != null) {
                removeMember(group, member, Errors.UNKNOWN_MEMBER_ID, done);
            }
        }
    }

    /**
     * Removes a member (left, expired, or never synced): its waiting requests get {@code error}, and
     * the group rebalances without it.
     */
    void removeMember(ClassicGroup group, GroupMember member, Errors error, Completions done) {
        if (member.awaitingJoin()) {
            done.complete(member.joinFuture, JoinResponses.error(member.memberId, error));
            member.joinFuture = null;
        }
        failSync(member, error, done);
        group.remove(member.memberId);
        switch (group.state()) {
            case STABLE, COMPLETING_REBALANCE -> prepareRebalance(group, done);
            case PREPARING_REBALANCE -> tryCompleteJoin(group, done);
            default -> {
            }
        }
    }

    static void failSync(GroupMember member, Errors error, Completions done) {
        if (member.awaitingSync()) {
            done.complete(member.syncFuture, JoinResponses.syncError(error));
            member.syncFuture = null;
        }
    }

    /** The member is alive now: its session deadline moves to now + session timeout. */
    void touch(ClassicGroup group, GroupMember member) {
        member.sessionDeadlineMs = timers.nowMs() + member.sessionTimeoutMs;
        if (!member.expiryScheduled) {
            member.expiryScheduled = true;
            timers.after(member.sessionTimeoutMs, () -> registry.withGroup(group, (g, d) -> checkExpiry(g, member, d)));
        }
    }

    private void checkExpiry(ClassicGroup group, GroupMember member, Completions done) {
        member.expiryScheduled = false;
        if (group.member(member.memberId) != member) {
            return;
        }
        if (member.awaitingJoin() || member.awaitingSync()) {
            // waiting on the coordinator counts as alive; the join and sync timers bound the wait
            touch(group, member);
            return;
        }
        long leftMs = member.sessionDeadlineMs - timers.nowMs();
        if (leftMs > 0) {
            member.expiryScheduled = true;
            timers.after(leftMs, () -> registry.withGroup(group, (g, d) -> checkExpiry(g, member, d)));
            return;
        }
        removeMember(group, member, Errors.UNKNOWN_MEMBER_ID, done);
    }

    /** A member id handed out with MEMBER_ID_REQUIRED: the join phase waits for it, a session at most. */
    void expectJoin(ClassicGroup group, String memberId, int sessionTimeoutMs) {
        group.pendingMembers.add(memberId);
        timers.after(sessionTimeoutMs, () -> registry.withGroup(group, (g, d) -> {
            if (g.pendingMembers.remove(memberId)) {
                tryCompleteJoin(g, d);
            }
        }));
    }

    /** Shutdown: every waiting JoinGroup and SyncGroup gets {@code error}. */
    void failWaiters(ClassicGroup group, Errors error, Completions done) {
        GroupTimers.cancel(group.joinTimer);
        GroupTimers.cancel(group.syncTimer);
        for (GroupMember member : group.members()) {
            if (member.awaitingJoin()) {
                done.complete(member.joinFuture, JoinResponses.error(member.memberId, error));
                member.joinFuture = null;
            }
            failSync(member, error, done);
        }
    }
}

package dev.crucible.broker.group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state of one classic group: members in join order, generation, selected protocol, leader,
 * members that hold a fresh member id but have not joined yet, and the group's committed offsets.
 * Every field is read and written only while {@link #lock} is held (see {@link GroupRegistry}).
 */
final class ClassicGroup {
    final String groupId;
    final ReentrantLock lock = new ReentrantLock();
    /** Set when the registry removed the group; a thread that locked it late must look it up again. */
    boolean dropped;

    private GroupState state = GroupState.EMPTY;
    int generationId;
    String protocolType;
    String protocolName;
    String leaderId;

    private final LinkedHashMap<String, GroupMember> members = new LinkedHashMap<>();
    private final Map<String, String> memberIdByInstanceId = new HashMap<>();
    final Set<String> pendingMembers = new HashSet<>();
    final Set<String> pendingSyncMembers = new HashSet<>();

    /** Committed offsets by topic, then partition; sorted so "all offsets" answers are stable. */
    final TreeMap<String, TreeMap<Integer, CommittedOffset>> offsets = new TreeMap<>();
    /** Commits validated and handed to the offsets log, not yet durable. */
    int pendingCommits;

    long rebalanceSequence;
    ScheduledFuture<?> joinTimer;
    ScheduledFuture<?> syncTimer;
    boolean initialDelayActive;
    boolean newMemberAdded;

    ClassicGroup(String groupId) {
        this.groupId = groupId;
    }

    GroupState state() {
        return state;
    }

    boolean isIn(GroupState candidate) {
        return state == candidate;
    }

    /** Moves to {@code next}, refusing transitions the protocol does not have. */
    void transitionTo(GroupState next) {
        boolean valid = switch (next) {
            case PREPARING_REBALANCE -> state == GroupState.STABLE || state == GroupState.COMPLETING_REBALANCE
                || state == GroupState.EMPTY;
            case COMPLETING_REBALANCE, EMPTY -> state == GroupState.PREPARING_REBALANCE;
            case STABLE -> state == GroupState.COMPLETING_REBALANCE;
            case DEAD -> true;
        };
        if (!valid) {
            throw new IllegalStateException("group " + groupId + " cannot move from " + state + " to " + next);
        }
        state = next;
    }

    /**
     * An Empty group takes back the membership a snapshot recorded (a coordinator taking over the offsets
     * store): Stable at that generation, the same leader, protocol and members with their assignments.
     */
    void restoreStable(GroupSnapshot snapshot) {
        if (state != GroupState.EMPTY || !members.isEmpty()) {
            throw new IllegalStateException("group " + groupId + " is " + state + " with " + members.size() + " members");
        }
        generationId = snapshot.generationId();
        protocolName = snapshot.protocolName();
        for (GroupSnapshot.Member m : snapshot.members()) {
            GroupMember member = new GroupMember(m.memberId(), m.groupInstanceId(), m.clientId(), m.clientHost());
            member.update(m.sessionTimeoutMs(), m.rebalanceTimeoutMs(), snapshot.protocolType(),
                List.of(new Protocol(snapshot.protocolName(), m.subscription())));
            member.assignment = m.assignment();
            add(member);
        }
        protocolType = snapshot.protocolType();
        leaderId = snapshot.leaderId();
        state = GroupState.STABLE;
    }

    boolean canRebalance() {
        return state == GroupState.STABLE || state == GroupState.COMPLETING_REBALANCE || state == GroupState.EMPTY;
    }

    int size() {
        return members.size();
    }

    boolean hasMember(String memberId) {
        return members.containsKey(memberId);
    }

    GroupMember member(String memberId) {
        return members.get(memberId);
    }

    Collection<GroupMember> members() {
        return members.values();
    }

    /** A snapshot of the members, for loops that remove some of them. */
    List<GroupMember> memberList() {
        return new ArrayList<>(members.values());
    }

    /** The member id currently holding {@code groupInstanceId}, or null. */
    String staticMemberId(String groupInstanceId) {
        return memberIdByInstanceId.get(groupInstanceId);
    }

    void add(GroupMember member) {
        if (members.isEmpty()) {
            protocolType = member.protocolType;
        }
        members.put(member.memberId, member);
        if (member.isStatic()) {
            memberIdByInstanceId.put(member.groupInstanceId, member.memberId);
        }
        if (leaderId == null) {
            leaderId = member.memberId;
        }
    }

    /** Removes a member (not completing its futures: the caller does), electing a new leader if needed. */
    GroupMember remove(String memberId) {
        GroupMember removed = members.remove(memberId);
        if (removed == null) {
            return null;
        }
        if (removed.isStatic() && memberId.equals(memberIdByInstanceId.get(removed.groupInstanceId))) {
            memberIdByInstanceId.remove(removed.groupInstanceId);
        }
        pendingSyncMembers.remove(memberId);
        if (memberId.equals(leaderId)) {
            leaderId = members.isEmpty() ? null : members.keySet().iterator().next();
        }
        return removed;
    }

    /** Puts {@code replacement} (same instance id, new member id) where {@code oldMemberId} was. */
    void replaceStatic(String oldMemberId, GroupMember replacement) {
        LinkedHashMap<String, GroupMember> copy = new LinkedHashMap<>(members);
        members.clear();
        for (Map.Entry<String, GroupMember> entry : copy.entrySet()) {
            if (entry.getKey().equals(oldMemberId)) {
                members.put(replacement.memberId, replacement);
            } else {
                members.put(entry.getKey(), entry.getValue());
            }
        }
        memberIdByInstanceId.put(replacement.groupInstanceId, replacement.memberId);
        if (oldMemberId.equals(leaderId)) {
            leaderId = replacement.memberId;
        }
        if (pendingSyncMembers.remove(oldMemberId)) {
            pendingSyncMembers.add(replacement.memberId);
        }
    }

    /** The join phase may end: every member has rejoined and no fresh member id is still expected. */
    boolean allMembersJoined() {
        if (!pendingMembers.isEmpty()) {
            return false;
        }
        for (GroupMember member : members.values()) {
            if (!member.awaitingJoin()) {
                return false;
            }
        }
        return true;
    }

    /** How long the join phase may last: the largest rebalance timeout any member asked for. */
    int rebalanceTimeoutMs() {
        int max = 0;
        for (GroupMember member : members.values()) {
            max = Math.max(max, member.rebalanceTimeoutMs);
        }
        return max;
    }

    /**
     * Whether a member of this protocol type with these protocols can be in the group: an empty group
     * takes any non-empty type and protocol list; otherwise the type must match and one of the
     * protocols must be supported by every current member.
     */
    boolean supportsProtocols(String memberProtocolType, List<Protocol> memberProtocols) {
        if (state == GroupState.EMPTY || members.isEmpty()) {
            return !memberProtocolType.isEmpty() && !memberProtocols.isEmpty();
        }
        if (!memberProtocolType.equals(protocolType)) {
            return false;
        }
        for (Protocol protocol : memberProtocols) {
            if (ProtocolVote.supportedByAll(protocol.name(), members.values())) {
                return true;
            }
        }
        return false;
    }

    CommittedOffset offset(String topic, int partition) {
        TreeMap<Integer, CommittedOffset> partitions = offsets.get(topic);
        return partitions == null ? null : partitions.get(partition);
    }

    void putOffset(String topic, int partition, CommittedOffset committed) {
        offsets.computeIfAbsent(topic, t -> new TreeMap<>()).put(partition, committed);
    }

    void removeOffset(String topic, int partition) {
        TreeMap<Integer, CommittedOffset> partitions = offsets.get(topic);
        if (partitions != null) {
            partitions.remove(partition);
            if (partitions.isEmpty()) {
                offsets.remove(topic);
            }
        }
    }

    /** Nothing left worth keeping: no member, no member id handed out, no offsets, no commit in flight. */
    boolean isDroppable() {
        return state == GroupState.EMPTY && members.isEmpty() && pendingMembers.isEmpty() && offsets.isEmpty()
            && pendingCommits == 0;
    }
}

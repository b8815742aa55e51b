package dev.crucible.broker.group;

import org.apache.kafka.common.message.JoinGroupResponseData;
import org.apache.kafka.common.message.SyncGroupResponseData;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One member of a classic group: who it is, what it supports, what it was assigned, and the JoinGroup
 * or SyncGroup it is waiting on. Changed only under its group's lock.
 */
final class GroupMember {
    static final byte[] NO_BYTES = new byte[0];

    final String memberId;
    final String groupInstanceId;
    final String clientId;
    final String clientHost;
    int sessionTimeoutMs;
    int rebalanceTimeoutMs;
    String protocolType;
    List<Protocol> protocols;
    byte[] assignment = NO_BYTES;

    CompletableFuture<JoinGroupResponseData> joinFuture;
    short joinVersion;
    CompletableFuture<SyncGroupResponseData> syncFuture;
    short syncVersion;

    long sessionDeadlineMs;
    boolean expiryScheduled;

    GroupMember(String memberId, String groupInstanceId, String clientId, String clientHost) {
        this.memberId = memberId;
        this.groupInstanceId = groupInstanceId;
        this.clientId = clientId;
        this.clientHost = clientHost;
    }

    /** A copy under a new member id, for a static member that came back with a fresh id. */
    GroupMember withMemberId(String newMemberId, String newClientId, String newClientHost) {
        GroupMember copy = new GroupMember(newMemberId, groupInstanceId, newClientId, newClientHost);
        copy.sessionTimeoutMs = sessionTimeoutMs;
        copy.rebalanceTimeoutMs = rebalanceTimeoutMs;
        copy.protocolType = protocolType;
        copy.protocols = protocols;
        copy.assignment = assignment;
        return copy;
    }

    void update(int sessionMs, int rebalanceMs, String type, List<Protocol> supported) {
        this.sessionTimeoutMs = sessionMs;
        this.rebalanceTimeoutMs = rebalanceMs;
        this.protocolType = type;
        this.protocols = supported;
    }

    boolean isStatic() {
        return groupInstanceId != null;
    }

    boolean awaitingJoin() {
        return joinFuture != null;
    }

    boolean awaitingSync() {
        return syncFuture != null;
    }

    /** This member's subscription bytes for {@code protocolName}, or empty when it does not support it. */
    byte[] metadata(String protocolName) {
        for (Protocol protocol : protocols) {
            if (protocol.name().equals(protocolName)) {
                return protocol.metadata();
            }
        }
        return NO_BYTES;
    }

    boolean supports(String protocolName) {
        for (Protocol protocol : protocols) {
            if (protocol.name().equals(protocolName)) {
                return true;
            }
        }
        return false;
    }

    /** True when a join with these protocols (names, order and bytes) would change nothing. */
    boolean sameProtocols(List<Protocol> other) {
        if (other.size() != protocols.size()) {
            return false;
        }
        for (int i = 0; i < other.size(); i++) {
            if (!protocols.get(i).sameAs(other.get(i))) {
                return false;
            }
        }
        return true;
    }
}

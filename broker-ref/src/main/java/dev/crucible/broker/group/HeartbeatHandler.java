package dev.crucible.broker.group;

import org.apache.kafka.common.message.HeartbeatRequestData;
import org.apache.kafka.common.message.HeartbeatResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * Heartbeat: keeps a member's session alive and tells it when to rejoin (REBALANCE_IN_PROGRESS) or
 * that it is out of date (ILLEGAL_GENERATION, UNKNOWN_MEMBER_ID, FENCED_INSTANCE_ID). Runs with the
 * group locked.
 */
final class HeartbeatHandler {
    private final Rebalancer rebalancer;

    HeartbeatHandler(Rebalancer rebalancer) {
        this.rebalancer = rebalancer;
    }

    HeartbeatResponseData handle(ClassicGroup group, short version, HeartbeatRequestData request) {
        String instanceId = version >= 3 ? request.groupInstanceId() : null;
        Errors error = MemberChecks.validate(group, request.memberId(), instanceId, request.generationId());
        if (error == Errors.NONE) {
            rebalancer.touch(group, group.member(request.memberId()));
            if (group.isIn(GroupState.PREPARING_REBALANCE)) {
                error = Errors.REBALANCE_IN_PROGRESS;
            }
        }
        return new HeartbeatResponseData().setErrorCode(error.code());
    }
}

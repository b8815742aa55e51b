package dev.crucible.broker.api;

import dev.crucible.broker.cluster.ClusterView;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.PartitionState;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ProduceResponseData;

/**
 * KIP-951: a NOT_LEADER_OR_FOLLOWER answer names the current leader and its epoch, and the response
 * carries that broker's endpoint, so a client retries at the right broker without a Metadata round trip.
 */
final class LeaderHints {
    private LeaderHints() {
    }

    static void produce(ClusterView cluster, ProduceResponseData response, ProduceResponseData.PartitionProduceResponse out, String name,
                        Uuid id, int partition) {
        if (cluster == null) {
            return;
        }
        MetadataImage image = cluster.image();
        PartitionState p = cluster.partition(name, id, partition);
        if (p == null || !p.hasLeader()) {
            return;
        }
        Endpoint e = cluster.endpoint(image, p.leader());
        if (e == null) {
            return;
        }
        out.currentLeader().setLeaderId(p.leader()).setLeaderEpoch(p.leaderEpoch());
        if (response.nodeEndpoints().find(p.leader()) == null) {
            response.nodeEndpoints().add(new ProduceResponseData.NodeEndpoint().setNodeId(p.leader()).setHost(e.host()).setPort(e.port()));
        }
    }
}

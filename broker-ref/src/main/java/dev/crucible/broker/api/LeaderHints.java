package dev.crucible.broker.api;

import dev.crucible.broker.cluster.ClusterView;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.PartitionState;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.Errors;

/**
 * KIP-951: a NOT_LEADER_OR_FOLLOWER answer names the current leader and its epoch, and the response
 * carries that broker's endpoint on the listener the request came in on, so a client retries at the right
 * broker without a Metadata round trip.
 */
final class LeaderHints {
    private LeaderHints() {
    }

    static void produce(ClusterView cluster, ProduceResponse response, ProduceResponse.PartitionAnswer out, String name,
                        Uuid id, int partition, String listener) {
        if (cluster == null) {
            return;
        }
        MetadataImage image = cluster.image();
        PartitionState p = cluster.partition(name, id, partition);
        if (p == null || !p.hasLeader()) {
            return;
        }
        Endpoint e = cluster.endpoint(image, p.leader(), listener);
        if (e == null) {
            return;
        }
        out.currentLeader(p.leader(), p.leaderEpoch());
        response.addEndpoint(new ProduceResponse.NodeEndpoint(p.leader(), e.host(), e.port(), null));
    }

    /** Fills the hints of every partition a Fetch (v16+) was refused for because another broker leads it. */
    static FetchResponseData fetch(ClusterView cluster, FetchResponseData response, String listener) {
        MetadataImage image = cluster.image();
        for (FetchResponseData.FetchableTopicResponse t : response.responses()) {
            for (FetchResponseData.PartitionData d : t.partitions()) {
                if (d.errorCode() != Errors.NOT_LEADER_OR_FOLLOWER.code() && d.errorCode() != Errors.FENCED_LEADER_EPOCH.code()) {
                    continue;
                }
                PartitionState p = cluster.partition(t.topic(), t.topicId(), d.partitionIndex());
                Endpoint e = p == null || !p.hasLeader() ? null : cluster.endpoint(image, p.leader(), listener);
                if (e == null) {
                    continue;
                }
                d.currentLeader().setLeaderId(p.leader()).setLeaderEpoch(p.leaderEpoch());
                if (response.nodeEndpoints().find(p.leader()) == null) {
                    response.nodeEndpoints().add(new FetchResponseData.NodeEndpoint().setNodeId(p.leader()).setHost(e.host()).setPort(e.port()));
                }
            }
        }
        return response;
    }
}

package dev.crucible.broker.api;

import dev.crucible.broker.cluster.ClusterView;
import dev.crucible.broker.metadata.Endpoint;
import dev.crucible.broker.metadata.MetadataImage;
import dev.crucible.broker.metadata.PartitionState;
import org.apache.kafka.common.Uuid;
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
        response.endpoints().add(new NodeEndpoint(p.leader(), e.host(), e.port(), null));
    }

    /** Fills the hints of every partition a Fetch (v16+) was refused for because another broker leads it. */
    static FetchResponse fetch(ClusterView cluster, FetchResponse response, String listener) {
        MetadataImage image = cluster.image();
        for (int i = 0; i < response.topicCount(); i++) {
            FetchResponse.Topic t = response.topic(i);
            for (int j = 0; j < t.partitionCount(); j++) {
                FetchResponse.Partition d = t.partition(j);
                if (d.errorCode() != Errors.NOT_LEADER_OR_FOLLOWER.code() && d.errorCode() != Errors.FENCED_LEADER_EPOCH.code()) {
                    continue;
                }
                PartitionState p = cluster.partition(t.name(), t.id(), d.index());
                Endpoint e = p == null || !p.hasLeader() ? null : cluster.endpoint(image, p.leader(), listener);
                if (e == null) {
                    continue;
                }
                d.currentLeader(p.leader(), p.leaderEpoch());
                response.endpoints().add(new NodeEndpoint(p.leader(), e.host(), e.port(), null));
            }
        }
        return response;
    }
}

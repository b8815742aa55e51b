package dev.crucible.broker.cluster;

import dev.crucible.broker.metadata.BrokerRegistration;
import dev.crucible.broker.metadata.MetadataImage;

import java.util.ArrayList;
import java.util.List;

/**
 * Where new partitions go: round-robin over the unfenced brokers in id order, starting at a broker
 * picked from the topic's name (so topics do not all start on the lowest id), each partition's
 * replicas on consecutive brokers. Decided by the broker that takes the request; the quorum checks
 * the assignment again when it applies it.
 */
public final class Placement {
    private Placement() {
    }

    /** Unfenced brokers: how many replicas a new partition can have. */
    public static int liveBrokers(MetadataImage image) {
        int live = 0;
        for (BrokerRegistration b : image.brokers().values()) {
            if (!b.fenced()) {
                live++;
            }
        }
        return live;
    }

    /** Replica lists for partitions {@code first .. first+count-1}; empty when fewer than {@code replicas} brokers are unfenced. */
    public static List<List<Integer>> assign(MetadataImage image, String topic, int first, int count, int replicas) {
        List<Integer> live = new ArrayList<>();
        for (BrokerRegistration b : image.brokers().values()) {
            if (!b.fenced()) {
                live.add(b.id());
            }
        }
        List<List<Integer>> out = new ArrayList<>(count);
        if (live.size() < replicas || replicas < 1) {
            return out;
        }
        int start = (topic.hashCode() & 0x7fffffff) % live.size();
        for (int i = first; i < first + count; i++) {
            List<Integer> r = new ArrayList<>(replicas);
            for (int j = 0; j < replicas; j++) {
                r.add(live.get((start + i + j) % live.size()));
            }
            out.add(r);
        }
        return out;
    }
}

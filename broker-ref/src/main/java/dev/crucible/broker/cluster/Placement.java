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

    /**
     * The broker that coordinates a group: rendezvous hashing of the key over the broker ids (the id
     * with the highest weight for this key wins). Deterministic on every broker; when a broker joins,
     * only the groups it wins move to it, the others keep their coordinator (and the offsets on its
     * disk). -1 when there is no broker.
     */
    public static int coordinator(String key, Iterable<Integer> brokerIds) {
        int best = -1;
        long bestWeight = Long.MIN_VALUE;
        for (int id : brokerIds) {
            long w = mix(key.hashCode() * 0x9E3779B97F4A7C15L + id);
            if (best < 0 || w > bestWeight || w == bestWeight && id < best) {
                best = id;
                bestWeight = w;
            }
        }
        return best;
    }

    /** A 64-bit finaliser (splitmix64's), so nearby inputs get unrelated weights. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package dev.crucible.broker.log;

import dev.crucible.broker.config.TopicConfig;
import org.apache.kafka.common.Uuid;

/**
 * A topic: its name, its id (KIP-516: Produce v13 and Fetch v13+ name topics by id), its settings and
 * its partitions. Immutable; adding partitions makes a new {@code Topic} that shares the old ones. In a
 * cluster a broker holds only the partitions placed on it: the others are null here.
 */
public record Topic(String name, Uuid id, TopicConfig config, Partition[] partitions) {

    public Partition partition(int index) {
        return index >= 0 && index < partitions.length ? partitions[index] : null;
    }

    public int partitionCount() {
        return partitions.length;
    }

    /** The partitions this broker holds (all of them when it runs alone). */
    public int hostedCount() {
        int n = 0;
        for (Partition p : partitions) {
            if (p != null) {
                n++;
            }
        }
        return n;
    }
}

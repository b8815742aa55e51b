package dev.crucible.broker.metadata;

import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A topic in the cluster metadata: its name, id, config overrides and partitions (index = position). */
public record TopicImage(String name, Uuid id, Map<String, String> configs, List<PartitionState> partitions) {
    public TopicImage {
        configs = Collections.unmodifiableMap(new TreeMap<>(configs));
        partitions = List.copyOf(partitions);
    }

    public PartitionState partition(int index) {
        return index >= 0 && index < partitions.size() ? partitions.get(index) : null;
    }

    TopicImage withPartition(int index, PartitionState state) {
        List<PartitionState> changed = new ArrayList<>(partitions);
        changed.set(index, state);
        return new TopicImage(name, id, configs, changed);
    }

    TopicImage withPartitions(List<PartitionState> value) {
        return new TopicImage(name, id, configs, value);
    }
}

package dev.crucible.broker.metadata;

import org.apache.kafka.common.Uuid;

import java.util.List;
import java.util.Map;

/**
 * What the metadata quorum agrees on, one Raft entry each (KRaft's records, reduced to what broker-ref
 * needs). Every command is checked again when it is applied, against the state at its own index: a
 * controller decision made on an older state, or a command from a broker's previous life, is refused
 * there, never half-applied.
 */
public sealed interface Command {

    /** A broker process announces itself; the reply's value is its broker epoch (the entry's index). */
    record RegisterBroker(int brokerId, Uuid incarnation, List<Endpoint> endpoints, String rack) implements Command {
        public RegisterBroker {
            endpoints = List.copyOf(endpoints);
        }
    }

    /** The controller found the broker's session expired (or the broker asked): it leads nothing from here. */
    record FenceBroker(int brokerId, long brokerEpoch) implements Command { }

    /** The broker is caught up with the metadata and may lead again. */
    record UnfenceBroker(int brokerId, long brokerEpoch) implements Command { }

    /** A new topic with its partitions' replica lists, placed by the controller before submitting. */
    record CreateTopic(String name, Uuid topicId, Map<String, String> configs, List<List<Integer>> assignments) implements Command {
        public CreateTopic {
            configs = Map.copyOf(configs);
            assignments = assignments.stream().map(List::copyOf).toList();
        }
    }

    /**
     * Several topics of one CreateTopics request in one entry (one commit, as KRaft writes a request's
     * records in one batch); each is checked and created or refused on its own, and the outcome holds
     * one part per topic, in order.
     */
    record CreateTopics(List<CreateTopic> topics) implements Command {
        public CreateTopics {
            topics = List.copyOf(topics);
        }
    }

    /** More partitions for a topic that has {@code expectedCount} now. */
    record CreatePartitions(Uuid topicId, int expectedCount, List<List<Integer>> assignments) implements Command {
        public CreatePartitions {
            assignments = assignments.stream().map(List::copyOf).toList();
        }
    }

    record DeleteTopic(Uuid topicId) implements Command { }

    /**
     * A partition leader changes its ISR (Kafka's AlterPartition), valid only from the current leader at
     * its leader epoch and the partition epoch it last saw.
     */
    record AlterPartition(Uuid topicId, int partition, int brokerId, long brokerEpoch, int leaderEpoch, int partitionEpoch,
                          List<Integer> newIsr) implements Command {
        public AlterPartition {
            newIsr = List.copyOf(newIsr);
        }
    }

    /** A block of producer ids for one broker; the reply's value is the block's first id. */
    record AllocateProducerIds(int brokerId, long brokerEpoch, int blockSize) implements Command { }
}

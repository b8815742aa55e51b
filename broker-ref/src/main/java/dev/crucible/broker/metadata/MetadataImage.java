package dev.crucible.broker.metadata;

import org.apache.kafka.common.Uuid;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The cluster metadata at one Raft index: brokers, topics with their partitions, and the next free
 * producer id. Immutable: {@link MetadataState} makes a changed copy for every applied command, so a
 * reader holding an image sees one consistent state however long it keeps it.
 */
public final class MetadataImage {
    public static final MetadataImage EMPTY = new MetadataImage(0, new TreeMap<>(), new TreeMap<>(), 0);

    private final long appliedIndex;
    private final NavigableMap<Integer, BrokerRegistration> brokers;
    private final NavigableMap<String, TopicImage> topics;
    private final Map<Uuid, TopicImage> topicsById;
    private final long nextProducerId;

    MetadataImage(long appliedIndex, NavigableMap<Integer, BrokerRegistration> brokers, NavigableMap<String, TopicImage> topics,
                  long nextProducerId) {
        this.appliedIndex = appliedIndex;
        this.brokers = Collections.unmodifiableNavigableMap(brokers);
        this.topics = Collections.unmodifiableNavigableMap(topics);
        Map<Uuid, TopicImage> byId = new HashMap<>();
        for (TopicImage t : topics.values()) {
            byId.put(t.id(), t);
        }
        this.topicsById = byId;
        this.nextProducerId = nextProducerId;
    }

    /** The Raft index of the last command this image includes (0 before any). */
    public long appliedIndex() {
        return appliedIndex;
    }

    public NavigableMap<Integer, BrokerRegistration> brokers() {
        return brokers;
    }

    public BrokerRegistration broker(int id) {
        return brokers.get(id);
    }

    /** Topics by name, in name order. */
    public NavigableMap<String, TopicImage> topics() {
        return topics;
    }

    public TopicImage topic(String name) {
        return name == null ? null : topics.get(name);
    }

    public TopicImage topic(Uuid id) {
        return topicsById.get(id);
    }

    public Collection<TopicImage> allTopics() {
        return topics.values();
    }

    public long nextProducerId() {
        return nextProducerId;
    }

    /** True when the broker is registered and not fenced. */
    public boolean isActive(int brokerId) {
        BrokerRegistration b = brokers.get(brokerId);
        return b != null && !b.fenced();
    }

    /** Partitions in all topics whose replicas include the broker. */
    public int partitionsOn(int brokerId) {
        int n = 0;
        for (TopicImage t : topics.values()) {
            for (PartitionState p : t.partitions()) {
                if (p.replicas().contains(brokerId)) {
                    n++;
                }
            }
        }
        return n;
    }

    MetadataImage with(long index, NavigableMap<Integer, BrokerRegistration> newBrokers, NavigableMap<String, TopicImage> newTopics,
                       long newNextProducerId) {
        return new MetadataImage(index, newBrokers, newTopics, newNextProducerId);
    }

    MetadataImage at(long index) {
        return new MetadataImage(index, new TreeMap<>(brokers), new TreeMap<>(topics), nextProducerId);
    }

    NavigableMap<Integer, BrokerRegistration> copyBrokers() {
        return new TreeMap<>(brokers);
    }

    NavigableMap<String, TopicImage> copyTopics() {
        return new TreeMap<>(topics);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MetadataImage m && appliedIndex == m.appliedIndex && nextProducerId == m.nextProducerId
            && brokers.equals(m.brokers) && topics.equals(m.topics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(appliedIndex, brokers, topics, nextProducerId);
    }

    @Override
    public String toString() {
        return "MetadataImage{index " + appliedIndex + ", " + brokers.size() + " brokers, " + topics.size() + " topics, next producer id "
            + nextProducerId + "}";
    }
}

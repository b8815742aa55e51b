package dev.crucible.broker.metadata;

import dev.crucible.broker.metadata.Command.AllocateProducerIds;
import dev.crucible.broker.metadata.Command.AlterPartition;
import dev.crucible.broker.metadata.Command.CreatePartitions;
import dev.crucible.broker.metadata.Command.CreateTopic;
import dev.crucible.broker.metadata.Command.CreateTopics;
import dev.crucible.broker.metadata.Command.DeleteTopic;
import dev.crucible.broker.metadata.Command.FenceBroker;
import dev.crucible.broker.metadata.Command.RegisterBroker;
import dev.crucible.broker.metadata.Command.UnfenceBroker;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * The metadata state machine's logic, without Ratis: {@link #apply} turns (image, index, command) into
 * the next image and the command's outcome. It is a pure function (no clock, no randomness, no
 * configuration), so every peer that applies the same log reaches the same image, and it never throws:
 * a stale or malformed command is refused with a Kafka error and leaves the image as it was (but for
 * the applied index).
 *
 * <p>Leadership follows KRaft's rules for brokers going away and coming back: a fenced broker leaves
 * every ISR it is in unless it is the last member; where it led, the first replica in assignment order
 * that is in the new ISR and active leads, otherwise no one does (no unclean election). An unfenced
 * broker takes back the partitions that have no leader and keep it in their ISR.
 */
public final class MetadataState {
    /** Largest producer-id block one command may take. */
    public static final int MAX_PRODUCER_ID_BLOCK = 1_000_000;

    private MetadataState() {
    }

    /** The image after the command, and the command's outcome. */
    public record Applied(MetadataImage image, Outcome outcome) { }

    public static Applied apply(MetadataImage image, long index, Command command) {
        if (index <= image.appliedIndex()) {
            return new Applied(image, Outcome.refused(Errors.INVALID_REQUEST, "entry " + index + " is at or before the applied index "
                + image.appliedIndex()));
        }
        try {
            if (command instanceof RegisterBroker c) {
                return register(image, index, c);
            } else if (command instanceof FenceBroker c) {
                return fence(image, index, c);
            } else if (command instanceof UnfenceBroker c) {
                return unfence(image, index, c);
            } else if (command instanceof CreateTopic c) {
                return createTopic(image, index, c);
            } else if (command instanceof CreateTopics c) {
                return createTopics(image, index, c);
            } else if (command instanceof CreatePartitions c) {
                return createPartitions(image, index, c);
            } else if (command instanceof DeleteTopic c) {
                return deleteTopic(image, index, c);
            } else if (command instanceof AlterPartition c) {
                return alterPartition(image, index, c);
            } else if (command instanceof AllocateProducerIds c) {
                return allocateProducerIds(image, index, c);
            }
            return refuse(image, index, Errors.INVALID_REQUEST, "unknown command " + command);
        } catch (RuntimeException e) { // a bug here must not stop the quorum: refuse, keep the state
            return refuse(image, index, Errors.UNKNOWN_SERVER_ERROR, "could not apply " + command + ": " + e);
        }
    }

    private static Applied refuse(MetadataImage image, long index, Errors error, String message) {
        return new Applied(image.at(index), Outcome.refused(error, message));
    }

    private static Applied register(MetadataImage image, long index, RegisterBroker c) {
        if (c.brokerId() < 0) {
            return refuse(image, index, Errors.INVALID_REQUEST, "broker id must be >= 0, was " + c.brokerId());
        }
        if (c.endpoints().isEmpty() || c.incarnation() == null) {
            return refuse(image, index, Errors.INVALID_REQUEST, "broker " + c.brokerId() + " registered without endpoints or incarnation");
        }
        BrokerRegistration old = image.broker(c.brokerId());
        if (old != null && old.incarnation().equals(c.incarnation())) {
            return new Applied(image.at(index), Outcome.ok(old.epoch())); // a retry of the same registration
        }
        NavigableMap<Integer, BrokerRegistration> brokers = image.copyBrokers();
        brokers.put(c.brokerId(), new BrokerRegistration(c.brokerId(), c.incarnation(), index, c.endpoints(), c.rack(), true));
        NavigableMap<String, TopicImage> topics = image.copyTopics();
        if (old != null) {
            leave(topics, brokers, c.brokerId()); // its previous life led and followed; it must be unfenced again first
        }
        return new Applied(image.with(index, brokers, topics, image.nextProducerId()), Outcome.ok(index));
    }

    /** The refusal of a command from a broker that is not registered, or not at this epoch; null when it is current. */
    private static Applied refuseStale(MetadataImage image, long index, int brokerId, long epoch) {
        BrokerRegistration b = image.broker(brokerId);
        if (b != null && b.epoch() == epoch) {
            return null;
        }
        return refuse(image, index, b == null ? Errors.BROKER_ID_NOT_REGISTERED : Errors.STALE_BROKER_EPOCH,
            "broker " + brokerId + " epoch " + epoch + " is not the registered one");
    }

    private static Applied fence(MetadataImage image, long index, FenceBroker c) {
        Applied stale = refuseStale(image, index, c.brokerId(), c.brokerEpoch());
        if (stale != null) {
            return stale;
        }
        BrokerRegistration b = image.broker(c.brokerId());
        if (b.fenced()) {
            return new Applied(image.at(index), Outcome.ok(b.epoch()));
        }
        NavigableMap<Integer, BrokerRegistration> brokers = image.copyBrokers();
        brokers.put(b.id(), b.withFenced(true));
        NavigableMap<String, TopicImage> topics = image.copyTopics();
        leave(topics, brokers, b.id());
        return new Applied(image.with(index, brokers, topics, image.nextProducerId()), Outcome.ok(b.epoch()));
    }

    /** The broker leaves every ISR (unless last) and every leadership; leaders are elected in its place. */
    private static void leave(NavigableMap<String, TopicImage> topics, Map<Integer, BrokerRegistration> brokers, int brokerId) {
        for (Map.Entry<String, TopicImage> e : topics.entrySet()) {
            TopicImage topic = e.getValue();
            List<PartitionState> changed = null;
            for (int i = 0; i < topic.partitions().size(); i++) {
                PartitionState p = topic.partitions().get(i);
                if (!p.isr().contains(brokerId) && p.leader() != brokerId) {
                    continue;
                }
                List<Integer> isr = new ArrayList<>(p.isr());
                if (isr.size() > 1) {
                    isr.remove(Integer.valueOf(brokerId));
                }
                int leader = p.leader() == brokerId || p.leader() == PartitionState.NO_LEADER ? elect(p.replicas(), isr, brokers) : p.leader();
                if (!isr.equals(p.isr()) || leader != p.leader()) {
                    if (changed == null) {
                        changed = new ArrayList<>(topic.partitions());
                    }
                    changed.set(i, p.with(isr, leader));
                }
            }
            if (changed != null) {
                e.setValue(topic.withPartitions(changed));
            }
        }
    }

    /** The first replica in assignment order that is in the ISR and active; {@link PartitionState#NO_LEADER} if none. */
    static int elect(List<Integer> replicas, List<Integer> isr, Map<Integer, BrokerRegistration> brokers) {
        for (int r : replicas) {
            BrokerRegistration b = brokers.get(r);
            if (isr.contains(r) && b != null && !b.fenced()) {
                return r;
            }
        }
        return PartitionState.NO_LEADER;
    }

    private static Applied unfence(MetadataImage image, long index, UnfenceBroker c) {
        Applied stale = refuseStale(image, index, c.brokerId(), c.brokerEpoch());
        if (stale != null) {
            return stale;
        }
        BrokerRegistration b = image.broker(c.brokerId());
        if (!b.fenced()) {
            return new Applied(image.at(index), Outcome.ok(b.epoch()));
        }
        NavigableMap<Integer, BrokerRegistration> brokers = image.copyBrokers();
        brokers.put(b.id(), b.withFenced(false));
        NavigableMap<String, TopicImage> topics = image.copyTopics();
        for (Map.Entry<String, TopicImage> e : topics.entrySet()) {
            TopicImage topic = e.getValue();
            List<PartitionState> changed = null;
            for (int i = 0; i < topic.partitions().size(); i++) {
                PartitionState p = topic.partitions().get(i);
                if (!p.hasLeader() && p.isr().contains(b.id())) {
                    if (changed == null) {
                        changed = new ArrayList<>(topic.partitions());
                    }
                    changed.set(i, p.with(p.isr(), elect(p.replicas(), p.isr(), brokers)));
                }
            }
            if (changed != null) {
                e.setValue(topic.withPartitions(changed));
            }
        }
        return new Applied(image.with(index, brokers, topics, image.nextProducerId()), Outcome.ok(b.epoch()));
    }

    private static String badAssignments(MetadataImage image, List<List<Integer>> assignments) {
        if (assignments.isEmpty()) {
            return "no partitions";
        }
        for (int i = 0; i < assignments.size(); i++) {
            List<Integer> replicas = assignments.get(i);
            if (replicas.isEmpty()) {
                return "partition " + i + " has no replicas";
            }
            Set<Integer> seen = new HashSet<>();
            boolean anyActive = false;
            for (int r : replicas) {
                if (!seen.add(r)) {
                    return "partition " + i + " names broker " + r + " twice";
                }
                if (image.broker(r) == null) {
                    return "partition " + i + " names broker " + r + ", which is not registered";
                }
                anyActive |= image.isActive(r);
            }
            if (!anyActive) {
                return "every broker of partition " + i + " " + replicas + " is fenced";
            }
        }
        return null;
    }

    private static List<PartitionState> newPartitions(MetadataImage image, List<List<Integer>> assignments) {
        List<PartitionState> partitions = new ArrayList<>(assignments.size());
        for (List<Integer> replicas : assignments) {
            List<Integer> isr = replicas.stream().filter(image::isActive).toList();
            partitions.add(new PartitionState(replicas, isr, elect(replicas, isr, image.brokers()), 0, 0));
        }
        return partitions;
    }

    private static Applied createTopic(MetadataImage image, long index, CreateTopic c) {
        if (c.name() == null || c.name().isEmpty()) {
            return refuse(image, index, Errors.INVALID_TOPIC_EXCEPTION, "a topic needs a name");
        }
        if (image.topic(c.name()) != null) {
            return refuse(image, index, Errors.TOPIC_ALREADY_EXISTS, "topic '" + c.name() + "' already exists");
        }
        if (c.topicId() == null || c.topicId().equals(Uuid.ZERO_UUID) || image.topic(c.topicId()) != null) {
            return refuse(image, index, Errors.INVALID_REQUEST, "topic id " + c.topicId() + " is zero or taken");
        }
        String bad = badAssignments(image, c.assignments());
        if (bad != null) {
            return refuse(image, index, Errors.INVALID_REPLICA_ASSIGNMENT, "topic '" + c.name() + "': " + bad);
        }
        NavigableMap<String, TopicImage> topics = image.copyTopics();
        topics.put(c.name(), new TopicImage(c.name(), c.topicId(), c.configs(), newPartitions(image, c.assignments())));
        return new Applied(image.with(index, image.copyBrokers(), topics, image.nextProducerId()), Outcome.ok(c.assignments().size()));
    }

    /** Each topic on the image the ones before it made; a refused one changes nothing. */
    private static Applied createTopics(MetadataImage image, long index, CreateTopics c) {
        MetadataImage current = image.at(index);
        List<Outcome> parts = new ArrayList<>(c.topics().size());
        for (CreateTopic t : c.topics()) {
            Applied one = createTopic(current, index, t);
            current = one.image();
            parts.add(one.outcome());
        }
        return new Applied(current, new Outcome(Errors.NONE, null, parts.size(), parts));
    }

    private static Applied createPartitions(MetadataImage image, long index, CreatePartitions c) {
        TopicImage topic = image.topic(c.topicId());
        if (topic == null) {
            return refuse(image, index, Errors.UNKNOWN_TOPIC_ID, "no topic has id " + c.topicId());
        }
        if (topic.partitions().size() != c.expectedCount()) {
            return refuse(image, index, Errors.INVALID_PARTITIONS, "topic '" + topic.name() + "' has " + topic.partitions().size()
                + " partitions, the request expected " + c.expectedCount() + " (another change came first)");
        }
        String bad = badAssignments(image, c.assignments());
        if (bad != null) {
            return refuse(image, index, Errors.INVALID_REPLICA_ASSIGNMENT, "topic '" + topic.name() + "': " + bad);
        }
        List<PartitionState> partitions = new ArrayList<>(topic.partitions());
        partitions.addAll(newPartitions(image, c.assignments()));
        NavigableMap<String, TopicImage> topics = image.copyTopics();
        topics.put(topic.name(), topic.withPartitions(partitions));
        return new Applied(image.with(index, image.copyBrokers(), topics, image.nextProducerId()), Outcome.ok(partitions.size()));
    }

    private static Applied deleteTopic(MetadataImage image, long index, DeleteTopic c) {
        TopicImage topic = image.topic(c.topicId());
        if (topic == null) {
            return refuse(image, index, Errors.UNKNOWN_TOPIC_ID, "no topic has id " + c.topicId());
        }
        NavigableMap<String, TopicImage> topics = image.copyTopics();
        topics.remove(topic.name());
        return new Applied(image.with(index, image.copyBrokers(), topics, image.nextProducerId()), Outcome.ok(0));
    }

    /** Kafka's AlterPartition checks, in its order (broker epoch, leader epoch, requester, partition epoch, shape, eligibility). */
    private static Applied alterPartition(MetadataImage image, long index, AlterPartition c) {
        TopicImage topic = image.topic(c.topicId());
        PartitionState p = topic == null ? null : topic.partition(c.partition());
        if (p == null) {
            return refuse(image, index, Errors.UNKNOWN_TOPIC_OR_PARTITION, "no partition " + c.topicId() + "-" + c.partition());
        }
        Applied stale = refuseStale(image, index, c.brokerId(), c.brokerEpoch());
        if (stale != null) {
            return stale;
        }
        if (c.leaderEpoch() < p.leaderEpoch()) {
            return refuse(image, index, Errors.FENCED_LEADER_EPOCH, "leader epoch " + c.leaderEpoch() + " < " + p.leaderEpoch());
        }
        if (c.brokerId() != p.leader()) {
            return refuse(image, index, Errors.INVALID_REQUEST, "broker " + c.brokerId() + " does not lead (leader " + p.leader() + " at "
                + p.leaderEpoch() + ")");
        }
        if (c.leaderEpoch() != p.leaderEpoch()) {
            return refuse(image, index, Errors.NOT_LEADER_OR_FOLLOWER, "leader epoch " + c.leaderEpoch() + " is ahead of " + p.leaderEpoch());
        }
        if (c.partitionEpoch() != p.partitionEpoch()) {
            return refuse(image, index, Errors.INVALID_UPDATE_VERSION, "partition epoch " + c.partitionEpoch() + " != " + p.partitionEpoch());
        }
        Set<Integer> isr = new HashSet<>(c.newIsr());
        if (isr.size() != c.newIsr().size() || !p.replicas().containsAll(isr) || !isr.contains(p.leader())) {
            return refuse(image, index, Errors.INVALID_REQUEST, "ISR " + c.newIsr() + " must be distinct replicas of " + p.replicas()
                + " including the leader");
        }
        for (int r : c.newIsr()) {
            if (!p.isr().contains(r) && !image.isActive(r)) {
                return refuse(image, index, Errors.INELIGIBLE_REPLICA, "broker " + r + " is fenced or unknown");
            }
        }
        PartitionState next = new PartitionState(p.replicas(), c.newIsr(), p.leader(), p.leaderEpoch(), p.partitionEpoch() + 1);
        NavigableMap<String, TopicImage> topics = image.copyTopics();
        topics.put(topic.name(), topic.withPartition(c.partition(), next));
        return new Applied(image.with(index, image.copyBrokers(), topics, image.nextProducerId()), Outcome.ok(next.partitionEpoch()));
    }

    private static Applied allocateProducerIds(MetadataImage image, long index, AllocateProducerIds c) {
        Applied stale = refuseStale(image, index, c.brokerId(), c.brokerEpoch());
        if (stale != null) {
            return stale;
        }
        if (c.blockSize() < 1 || c.blockSize() > MAX_PRODUCER_ID_BLOCK) {
            return refuse(image, index, Errors.INVALID_REQUEST, "producer id block size must be 1.." + MAX_PRODUCER_ID_BLOCK);
        }
        long first = image.nextProducerId();
        return new Applied(image.with(index, image.copyBrokers(), image.copyTopics(), first + c.blockSize()), Outcome.ok(first));
    }
}

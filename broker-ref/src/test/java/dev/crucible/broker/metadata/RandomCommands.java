package dev.crucible.broker.metadata;

import dev.crucible.broker.metadata.Command.AllocateProducerIds;
import dev.crucible.broker.metadata.Command.AlterPartition;
import dev.crucible.broker.metadata.Command.CreatePartitions;
import dev.crucible.broker.metadata.Command.CreateTopic;
import dev.crucible.broker.metadata.Command.DeleteTopic;
import dev.crucible.broker.metadata.Command.FenceBroker;
import dev.crucible.broker.metadata.Command.RegisterBroker;
import dev.crucible.broker.metadata.Command.UnfenceBroker;
import org.apache.kafka.common.Uuid;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Random command sequences for the metadata state, drawn against the image they will be applied to:
 * mostly what a controller and brokers would send (current epochs, registered brokers, existing
 * topics), mixed with what a stale controller, a broker's previous life or a confused client sends
 * (old broker, leader and partition epochs, unknown ids, taken names, bad assignments and ISRs).
 */
final class RandomCommands {
    static final int BROKER_IDS = 6;
    private static final String[] NAMES = {"orders", "payments", "t2", "t3", "t4", "t5"};

    private final SplittableRandom random;
    /** Every epoch each broker id has had, so a stale one can be sent. */
    private final Map<Integer, List<Long>> epochsSeen = new HashMap<>();

    RandomCommands(SplittableRandom random) {
        this.random = random;
    }

    /** One entry of the log: its Raft index (with gaps, as Raft's have) and its command. */
    record Step(long index, Command command) { }

    /** A sequence applied from the empty image: {@code images.get(i + 1)} is the image after {@code steps.get(i)}. */
    record Run(List<Step> steps, List<MetadataImage> images, List<Outcome> outcomes) {
        MetadataImage last() {
            return images.get(images.size() - 1);
        }
    }

    /** {@code n} random commands from {@code seed}, applied in turn. */
    static Run run(long seed, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        RandomCommands commands = new RandomCommands(random);
        List<Step> steps = new ArrayList<>();
        List<MetadataImage> images = new ArrayList<>(List.of(MetadataImage.EMPTY));
        List<Outcome> outcomes = new ArrayList<>();
        MetadataImage image = MetadataImage.EMPTY;
        long index = 0;
        for (int i = 0; i < n; i++) {
            index += 1 + random.nextInt(3);
            Command command = commands.next(image);
            MetadataState.Applied applied = MetadataState.apply(image, index, command);
            steps.add(new Step(index, command));
            image = applied.image();
            images.add(image);
            outcomes.add(applied.outcome());
        }
        return new Run(steps, images, outcomes);
    }

    Uuid uuid() {
        return new Uuid(random.nextLong(), random.nextLong());
    }

    Command next(MetadataImage image) {
        for (BrokerRegistration b : image.brokers().values()) {
            List<Long> seen = epochsSeen.computeIfAbsent(b.id(), id -> new ArrayList<>());
            if (!seen.contains(b.epoch())) {
                seen.add(b.epoch());
            }
        }
        int pick = random.nextInt(100);
        if (pick < 12) {
            return register(image);
        } else if (pick < 20) {
            int id = brokerId(image);
            return new FenceBroker(id, brokerEpoch(image, id));
        } else if (pick < 38) {
            int id = brokerId(image);
            return new UnfenceBroker(id, brokerEpoch(image, id));
        } else if (pick < 45) {
            return createTopic(image);
        } else if (pick < 50) { // a request's topics in one entry
            List<CreateTopic> batch = new ArrayList<>();
            for (int i = random.nextInt(4); i > 0; i--) {
                batch.add(createTopic(image));
            }
            return new Command.CreateTopics(batch);
        } else if (pick < 56) {
            return createPartitions(image);
        } else if (pick < 60) {
            TopicImage t = topic(image);
            return new DeleteTopic(t != null && random.nextInt(5) > 0 ? t.id() : uuid());
        } else if (pick < 90) {
            return alterPartition(image);
        }
        int id = brokerId(image);
        int size = random.nextInt(20) > 0 ? 1 + random.nextInt(1000) : random.nextBoolean() ? 0 : MetadataState.MAX_PRODUCER_ID_BLOCK + 1;
        return new AllocateProducerIds(id, brokerEpoch(image, id), size);
    }

    private Command register(MetadataImage image) {
        int id = random.nextInt(30) > 0 ? random.nextInt(BROKER_IDS) : -1;
        BrokerRegistration old = image.broker(id);
        Uuid incarnation = old != null && random.nextInt(4) == 0 ? old.incarnation() : uuid();
        List<Endpoint> endpoints = random.nextInt(30) > 0 ? List.of(new Endpoint("PLAINTEXT", "host" + id, 9092 + Math.max(id, 0)))
            : List.of();
        return new RegisterBroker(id, incarnation, endpoints, random.nextBoolean() ? null : "rack" + Math.floorMod(id, 2));
    }

    /** Mostly a registered broker, sometimes any id (registered or not). */
    private int brokerId(MetadataImage image) {
        List<Integer> ids = new ArrayList<>(image.brokers().keySet());
        if (ids.isEmpty() || random.nextInt(10) == 0) {
            return random.nextInt(BROKER_IDS + 1);
        }
        return ids.get(random.nextInt(ids.size()));
    }

    /** Mostly the broker's current epoch; else one of its earlier ones, or any number. */
    private long brokerEpoch(MetadataImage image, int id) {
        BrokerRegistration b = image.broker(id);
        int r = random.nextInt(10);
        if (b != null && r < 7) {
            return b.epoch();
        }
        List<Long> seen = epochsSeen.getOrDefault(id, List.of());
        if (!seen.isEmpty() && r < 9) {
            return seen.get(random.nextInt(seen.size()));
        }
        return random.nextLong(image.appliedIndex() + 3);
    }

    private TopicImage topic(MetadataImage image) {
        List<TopicImage> topics = new ArrayList<>(image.allTopics());
        return topics.isEmpty() ? null : topics.get(random.nextInt(topics.size()));
    }

    /** One partition's replicas: mostly distinct registered brokers, sometimes an unknown one or a duplicate. */
    private List<Integer> replicas(MetadataImage image) {
        List<Integer> pool = new ArrayList<>(image.brokers().keySet());
        if (pool.isEmpty() || random.nextInt(12) == 0) {
            pool.add(BROKER_IDS + random.nextInt(3));
        }
        for (int i = pool.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            pool.set(i, pool.set(j, pool.get(i)));
        }
        List<Integer> replicas = new ArrayList<>(pool.subList(0, Math.min(pool.size(), 1 + random.nextInt(3))));
        if (random.nextInt(25) == 0) {
            replicas.add(replicas.get(0));
        }
        return replicas;
    }

    private List<List<Integer>> assignments(MetadataImage image, int max) {
        List<List<Integer>> assignments = new ArrayList<>();
        int n = random.nextInt(40) > 0 ? 1 + random.nextInt(max) : 0;
        for (int i = 0; i < n; i++) {
            assignments.add(replicas(image));
        }
        return assignments;
    }

    private CreateTopic createTopic(MetadataImage image) {
        String name = random.nextInt(40) > 0 ? NAMES[random.nextInt(NAMES.length)] : "";
        TopicImage existing = topic(image);
        int r = random.nextInt(20);
        Uuid id = r == 0 ? Uuid.ZERO_UUID : r == 1 && existing != null ? existing.id() : uuid();
        Map<String, String> configs = random.nextBoolean() ? Map.of() : Map.of("min.insync.replicas", "" + (1 + random.nextInt(2)));
        return new CreateTopic(name, id, configs, assignments(image, 4));
    }

    private Command createPartitions(MetadataImage image) {
        TopicImage t = topic(image);
        if (t == null || random.nextInt(10) == 0) {
            return new CreatePartitions(uuid(), random.nextInt(3), assignments(image, 2));
        }
        int expected = t.partitions().size() + (random.nextInt(5) > 0 ? 0 : random.nextBoolean() ? 1 : -1);
        return new CreatePartitions(t.id(), expected, assignments(image, 2));
    }

    private Command alterPartition(MetadataImage image) {
        TopicImage t = topic(image);
        if (t == null) {
            int id = brokerId(image);
            return new AlterPartition(uuid(), 0, id, brokerEpoch(image, id), 0, 0, List.of(id));
        }
        int index = random.nextInt(20) > 0 ? random.nextInt(t.partitions().size()) : t.partitions().size();
        PartitionState p = t.partition(index);
        if (p == null) {
            int id = brokerId(image);
            return new AlterPartition(t.id(), index, id, brokerEpoch(image, id), 0, 0, List.of(id));
        }
        int from = p.hasLeader() && random.nextInt(5) > 0 ? p.leader() : p.replicas().get(random.nextInt(p.replicas().size()));
        int leaderEpoch = p.leaderEpoch() + (random.nextInt(5) > 0 ? 0 : random.nextBoolean() ? -1 : 1);
        int partitionEpoch = p.partitionEpoch() + (random.nextInt(5) > 0 ? 0 : random.nextBoolean() ? -1 : 1);
        List<Integer> isr = new ArrayList<>();
        for (int r : p.replicas()) {
            if ((r == from && random.nextInt(10) > 0) || (r != from && random.nextBoolean())) {
                isr.add(r);
            }
        }
        if (random.nextInt(25) == 0) {
            isr.add(BROKER_IDS + 5);
        }
        return new AlterPartition(t.id(), index, from, brokerEpoch(image, from), leaderEpoch, partitionEpoch, isr);
    }
}

package dev.crucible.broker.metadata;

import dev.crucible.broker.metadata.Command.AllocateProducerIds;
import dev.crucible.broker.metadata.Command.AlterPartition;
import dev.crucible.broker.metadata.Command.CreateTopic;
import dev.crucible.broker.metadata.Command.FenceBroker;
import dev.crucible.broker.metadata.Command.RegisterBroker;
import dev.crucible.broker.metadata.Command.UnfenceBroker;
import dev.crucible.broker.metadata.RandomCommands.Run;
import dev.crucible.broker.metadata.RandomCommands.Step;
import dev.crucible.testing.Tries;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MetadataState#apply} over random command sequences ({@link RandomCommands}): it is
 * deterministic, a snapshot at any cut plus the rest of the log gives the same image as the whole
 * log, stale commands are refused with Kafka's error and change nothing but the applied index, and
 * the leadership invariants hold after every step.
 */
class MetadataStatePropertiesTest {
    private static final int TRIES = 150;
    private static final int MAX_STEPS = 400;

    @TempDir
    Path dir;

    @Test
    void applyingTheSameLogTwiceGivesEqualImagesAndOutcomes() {
        Tries.check("metadata apply is deterministic", TRIES, MAX_STEPS, (seed, size) -> {
            Run first = RandomCommands.run(seed, size);
            MetadataImage image = MetadataImage.EMPTY;
            for (int i = 0; i < first.steps().size(); i++) {
                Step step = first.steps().get(i);
                MetadataState.Applied again = MetadataState.apply(image, step.index(), step.command());
                assertThat(again.image()).as("image after step %d", i).isEqualTo(first.images().get(i + 1));
                assertThat(again.outcome()).as("outcome of step %d", i).isEqualTo(first.outcomes().get(i));
                image = again.image();
            }
        });
    }

    @Test
    void aSnapshotAtAnyCutPlusTheRestOfTheLogGivesTheSameImage() {
        Tries.check("snapshot + replay = replay", TRIES, MAX_STEPS, (seed, size) -> {
            Run run = RandomCommands.run(seed, size);
            SplittableRandom random = new SplittableRandom(seed ^ 0x5eed);
            int cut = random.nextInt(run.steps().size() + 1);
            MetadataImage atCut = run.images().get(cut);

            MetadataImage decoded = MetadataCodec.decodeImage(MetadataCodec.encode(atCut));
            assertThat(decoded).isEqualTo(atCut);
            assertThat(replay(decoded, run, cut)).isEqualTo(run.last());

            if (random.nextInt(5) == 0) { // through the file too (each write forces: not every try)
                Path file = dir.resolve("snapshot-" + seed);
                MetadataSnapshot.write(file, atCut);
                MetadataImage read = MetadataSnapshot.read(file);
                assertThat(read).isEqualTo(atCut);
                assertThat(replay(read, run, cut)).isEqualTo(run.last());
            }
        });
    }

    private static MetadataImage replay(MetadataImage from, Run run, int cut) {
        MetadataImage image = from;
        for (Step step : run.steps().subList(cut, run.steps().size())) {
            image = MetadataState.apply(image, step.index(), step.command()).image();
        }
        return image;
    }

    /** What the property runs saw, so the generator is shown to reach the cases that matter. */
    private static final Map<String, Integer> SEEN = new ConcurrentHashMap<>();

    @Test
    void invariantsHoldAfterEveryStepAndStaleCommandsChangeNothing() {
        SEEN.clear();
        Tries.check("metadata invariants", TRIES, MAX_STEPS, (seed, size) -> {
            Run run = RandomCommands.run(seed, size);
            List<long[]> producerIdBlocks = new ArrayList<>();
            for (int i = 0; i < run.steps().size(); i++) {
                Step step = run.steps().get(i);
                MetadataImage before = run.images().get(i);
                MetadataImage after = run.images().get(i + 1);
                Outcome outcome = run.outcomes().get(i);
                String where = "step " + i + " at index " + step.index() + ": " + step.command() + " -> " + outcome;
                SEEN.merge(step.command().getClass().getSimpleName() + " " + outcome.error(), 1, Integer::sum);
                try {
                    checkStep(before, step, after, outcome, producerIdBlocks);
                } catch (AssertionError e) {
                    throw new AssertionError(where + "\n" + e.getMessage(), e);
                }
            }
        });
        if (System.getProperty("crucible.tries") == null) {
            assertThat(SEEN.keySet()).as("the generator reaches every command's success and the stale refusals").contains(
                "RegisterBroker NONE", "FenceBroker NONE", "UnfenceBroker NONE", "CreateTopic NONE", "CreatePartitions NONE",
                "DeleteTopic NONE", "AlterPartition NONE", "AllocateProducerIds NONE",
                "FenceBroker STALE_BROKER_EPOCH", "UnfenceBroker STALE_BROKER_EPOCH", "AllocateProducerIds STALE_BROKER_EPOCH",
                "AlterPartition STALE_BROKER_EPOCH", "AlterPartition FENCED_LEADER_EPOCH", "AlterPartition INVALID_UPDATE_VERSION",
                "AlterPartition NOT_LEADER_OR_FOLLOWER", "AlterPartition INELIGIBLE_REPLICA", "CreateTopic INVALID_REPLICA_ASSIGNMENT",
                "CreatePartitions INVALID_PARTITIONS");
        }
    }

    static void checkStep(MetadataImage before, Step step, MetadataImage after, Outcome outcome, List<long[]> producerIdBlocks) {
        assertThat(after.appliedIndex()).as("applied index").isEqualTo(step.index());
        Errors expected = expectedRefusal(before, step.command());
        if (expected != null) {
            assertThat(outcome.error()).as("refusal").isEqualTo(expected);
        }
        assertThat(outcome.error()).as("apply never fails inside").isNotEqualTo(Errors.UNKNOWN_SERVER_ERROR);
        if (!outcome.isOk()) {
            assertThat(after).as("a refused command changes nothing but the applied index").isEqualTo(before.at(step.index()));
            assertThat(outcome.message()).as("a refusal says why").isNotBlank();
        }
        wellFormed(after);
        partitionsMoveForward(before, after);
        brokersMoveForward(before, after, step);
        producerIds(before, after, step.command(), outcome, producerIdBlocks);
        if (outcome.isOk()) {
            whatSucceededDid(before, step, after, outcome);
        }
    }

    /** The refusal Kafka's rules demand for stale or unknown epochs and ids; null when these rules do not decide. */
    static Errors expectedRefusal(MetadataImage image, Command command) {
        if (command instanceof FenceBroker c) {
            return brokerEpochRefusal(image, c.brokerId(), c.brokerEpoch());
        } else if (command instanceof UnfenceBroker c) {
            return brokerEpochRefusal(image, c.brokerId(), c.brokerEpoch());
        } else if (command instanceof AllocateProducerIds c) {
            return brokerEpochRefusal(image, c.brokerId(), c.brokerEpoch());
        } else if (command instanceof AlterPartition c) {
            TopicImage t = image.topic(c.topicId());
            PartitionState p = t == null ? null : t.partition(c.partition());
            if (p == null) {
                return Errors.UNKNOWN_TOPIC_OR_PARTITION;
            }
            Errors stale = brokerEpochRefusal(image, c.brokerId(), c.brokerEpoch());
            if (stale != null) {
                return stale;
            } else if (c.leaderEpoch() < p.leaderEpoch()) {
                return Errors.FENCED_LEADER_EPOCH;
            } else if (c.brokerId() != p.leader()) {
                return Errors.INVALID_REQUEST;
            } else if (c.leaderEpoch() > p.leaderEpoch()) {
                return Errors.NOT_LEADER_OR_FOLLOWER;
            } else if (c.partitionEpoch() != p.partitionEpoch()) {
                return Errors.INVALID_UPDATE_VERSION;
            }
        }
        return null;
    }

    private static Errors brokerEpochRefusal(MetadataImage image, int brokerId, long epoch) {
        BrokerRegistration b = image.broker(brokerId);
        return b == null ? Errors.BROKER_ID_NOT_REGISTERED : b.epoch() != epoch ? Errors.STALE_BROKER_EPOCH : null;
    }

    /** What every image must be: leaders in their ISR and unfenced, ISRs non-empty subsets of the replicas, and so on. */
    static void wellFormed(MetadataImage image) {
        Set<Uuid> ids = new HashSet<>();
        for (Map.Entry<String, TopicImage> e : image.topics().entrySet()) {
            TopicImage t = e.getValue();
            assertThat(t.name()).isEqualTo(e.getKey());
            assertThat(ids.add(t.id())).as("topic id %s used once", t.id()).isTrue();
            assertThat(image.topic(t.id())).isEqualTo(t);
            assertThat(t.partitions()).isNotEmpty();
            for (int i = 0; i < t.partitions().size(); i++) {
                PartitionState p = t.partitions().get(i);
                String name = t.name() + "-" + i + " " + p;
                assertThat(p.replicas()).as(name).isNotEmpty().doesNotHaveDuplicates();
                assertThat(p.isr()).as(name + ": ISR").isNotEmpty().doesNotHaveDuplicates();
                assertThat(p.replicas()).as(name + ": ISR within the replicas").containsAll(p.isr());
                for (int r : p.replicas()) {
                    assertThat(image.broker(r)).as(name + ": replica %d registered", r).isNotNull();
                }
                if (p.hasLeader()) {
                    assertThat(p.isr()).as(name + ": the leader is in the ISR").contains(p.leader());
                    assertThat(image.isActive(p.leader())).as(name + ": the leader is an unfenced broker").isTrue();
                } else {
                    assertThat(p.leader()).as(name).isEqualTo(PartitionState.NO_LEADER);
                    for (int r : p.isr()) {
                        assertThat(image.isActive(r)).as(name + ": leaderless only while no ISR member may lead").isFalse();
                    }
                }
                for (int r : p.isr()) {
                    if (!image.isActive(r)) {
                        assertThat(p.isr()).as(name + ": a fenced broker stays in an ISR only as its last member").hasSize(1);
                    }
                }
                assertThat(p.leaderEpoch()).as(name).isNotNegative();
                assertThat(p.partitionEpoch()).as(name).isNotNegative();
            }
        }
        for (Map.Entry<Integer, BrokerRegistration> e : image.brokers().entrySet()) {
            assertThat(e.getValue().id()).isEqualTo(e.getKey());
            assertThat(e.getValue().epoch()).isPositive().isLessThanOrEqualTo(image.appliedIndex());
        }
    }

    /** Per partition (by topic id and index): epochs never go back, a leader change bumps the leader epoch, no election outside the ISR. */
    static void partitionsMoveForward(MetadataImage before, MetadataImage after) {
        for (TopicImage t : before.allTopics()) {
            TopicImage now = after.topic(t.id());
            if (now == null) {
                continue; // deleted
            }
            assertThat(now.name()).isEqualTo(t.name());
            assertThat(now.partitions().size()).as("partitions are never removed").isGreaterThanOrEqualTo(t.partitions().size());
            for (int i = 0; i < t.partitions().size(); i++) {
                PartitionState was = t.partitions().get(i);
                PartitionState is = now.partitions().get(i);
                String name = t.name() + "-" + i + " " + was + " -> " + is;
                assertThat(is.replicas()).as(name).isEqualTo(was.replicas());
                assertThat(is.leaderEpoch()).as(name + ": leader epoch").isGreaterThanOrEqualTo(was.leaderEpoch());
                assertThat(is.partitionEpoch()).as(name + ": partition epoch").isGreaterThanOrEqualTo(was.partitionEpoch());
                if (is.leader() != was.leader()) {
                    assertThat(is.leaderEpoch()).as(name + ": a new leader, a new leader epoch").isGreaterThan(was.leaderEpoch());
                    if (is.hasLeader()) {
                        assertThat(was.isr()).as(name + ": no election outside the ISR").contains(is.leader());
                    }
                }
                if (is.leader() != was.leader() || !is.isr().equals(was.isr())) {
                    assertThat(is.partitionEpoch()).as(name + ": every change bumps the partition epoch").isGreaterThan(was.partitionEpoch());
                } else {
                    assertThat(is.leaderEpoch()).as(name + ": same leader, same leader epoch").isEqualTo(was.leaderEpoch());
                }
            }
        }
    }

    /** Brokers are never removed; an epoch changes only by a registration with a new incarnation, to that entry's index. */
    static void brokersMoveForward(MetadataImage before, MetadataImage after, Step step) {
        for (BrokerRegistration was : before.brokers().values()) {
            BrokerRegistration is = after.broker(was.id());
            assertThat(is).as("broker %d stays registered", was.id()).isNotNull();
            if (is.epoch() != was.epoch() || !is.incarnation().equals(was.incarnation())) {
                assertThat(step.command()).isInstanceOf(RegisterBroker.class);
                assertThat(((RegisterBroker) step.command()).brokerId()).isEqualTo(was.id());
                assertThat(is.incarnation()).as("a new epoch only for a new incarnation").isNotEqualTo(was.incarnation());
                assertThat(is.epoch()).as("the epoch grows to the registration's index").isGreaterThan(was.epoch())
                    .isEqualTo(step.index());
            }
        }
    }

    /** Producer-id blocks are handed out once, never overlapping; nothing else moves the next id. */
    static void producerIds(MetadataImage before, MetadataImage after, Command command, Outcome outcome, List<long[]> blocks) {
        if (command instanceof AllocateProducerIds c && outcome.isOk()) {
            long first = outcome.value();
            long end = first + c.blockSize();
            assertThat(first).isEqualTo(before.nextProducerId());
            assertThat(after.nextProducerId()).isEqualTo(end);
            for (long[] b : blocks) {
                assertThat(end <= b[0] || first >= b[1]).as("block [%d, %d) overlaps [%d, %d)", first, end, b[0], b[1]).isTrue();
            }
            blocks.add(new long[] {first, end});
        } else {
            assertThat(after.nextProducerId()).isEqualTo(before.nextProducerId());
        }
    }

    /** The effect each accepted command promises. */
    private static void whatSucceededDid(MetadataImage before, Step step, MetadataImage after, Outcome outcome) {
        Command command = step.command();
        if (command instanceof RegisterBroker c) {
            BrokerRegistration old = before.broker(c.brokerId());
            BrokerRegistration now = after.broker(c.brokerId());
            if (old != null && old.incarnation().equals(c.incarnation())) {
                assertThat(outcome.value()).as("a retried registration keeps its epoch").isEqualTo(old.epoch());
                assertThat(after).isEqualTo(before.at(step.index()));
            } else {
                assertThat(outcome.value()).isEqualTo(step.index());
                assertThat(now.fenced()).as("a new registration starts fenced").isTrue();
                assertThat(now.endpoints()).isEqualTo(c.endpoints());
            }
        } else if (command instanceof FenceBroker c) {
            assertThat(after.broker(c.brokerId()).fenced()).isTrue();
        } else if (command instanceof UnfenceBroker c) {
            assertThat(after.broker(c.brokerId()).fenced()).isFalse();
            for (TopicImage t : before.allTopics()) {
                for (int i = 0; i < t.partitions().size(); i++) {
                    PartitionState was = t.partitions().get(i);
                    if (!was.hasLeader() && was.isr().contains(c.brokerId())) {
                        assertThat(after.topic(t.id()).partitions().get(i).leader()).as("%s-%d: the last ISR member leads again", t.name(), i)
                            .isEqualTo(c.brokerId());
                    }
                }
            }
        } else if (command instanceof AlterPartition c) {
            PartitionState was = before.topic(c.topicId()).partition(c.partition());
            PartitionState is = after.topic(c.topicId()).partition(c.partition());
            assertThat(is).isEqualTo(new PartitionState(was.replicas(), c.newIsr(), was.leader(), was.leaderEpoch(), was.partitionEpoch() + 1));
            assertThat(outcome.value()).isEqualTo(is.partitionEpoch());
        } else if (command instanceof CreateTopic c) {
            TopicImage t = after.topic(c.name());
            assertThat(t.id()).isEqualTo(c.topicId());
            assertThat(t.configs()).isEqualTo(new TreeMap<>(c.configs()));
            assertThat(t.partitions()).hasSameSizeAs(c.assignments());
            for (int i = 0; i < t.partitions().size(); i++) {
                List<Integer> replicas = c.assignments().get(i);
                List<Integer> active = replicas.stream().filter(before::isActive).toList();
                assertThat(t.partitions().get(i)).isEqualTo(new PartitionState(replicas, active, active.get(0), 0, 0));
            }
        }
    }
}

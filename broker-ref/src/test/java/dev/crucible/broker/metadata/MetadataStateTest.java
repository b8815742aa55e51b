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
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Concrete cases of {@link MetadataState}: how fencing and unfencing move partition leadership
 * (assignment order, no unclean election, epochs), re-registration, and each stale or invalid
 * command refused with its Kafka error and no change.
 */
class MetadataStateTest {
    private static final Uuid ORDERS = new Uuid(1, 1);

    private MetadataImage image = MetadataImage.EMPTY;
    private long index;
    private final Map<Integer, Long> epochs = new HashMap<>();

    private Outcome apply(Command command) {
        index += 1;
        MetadataState.Applied applied = MetadataState.apply(image, index, command);
        image = applied.image();
        return applied.outcome();
    }

    /** Applies and expects success. */
    private long ok(Command command) {
        Outcome outcome = apply(command);
        assertThat(outcome.isOk()).as("%s -> %s", command, outcome).isTrue();
        return outcome.value();
    }

    /** Applies, expects the refusal, and that nothing but the applied index changed. */
    private void refused(Command command, Errors error) {
        MetadataImage before = image;
        Outcome outcome = apply(command);
        assertThat(outcome.error()).as("%s -> %s", command, outcome).isEqualTo(error);
        assertThat(image).isEqualTo(before.at(index));
        assertThat(image.appliedIndex()).isEqualTo(index);
    }

    private long register(int id) {
        long epoch = ok(new RegisterBroker(id, Uuid.randomUuid(), List.of(new Endpoint("PLAINTEXT", "localhost", 9090 + id)), null));
        epochs.put(id, epoch);
        return epoch;
    }

    private void activate(int... ids) {
        for (int id : ids) {
            register(id);
            ok(new UnfenceBroker(id, epochs.get(id)));
        }
    }

    private void fence(int id) {
        ok(new FenceBroker(id, epochs.get(id)));
    }

    private void unfence(int id) {
        ok(new UnfenceBroker(id, epochs.get(id)));
    }

    private PartitionState orders(int partition) {
        return image.topic(ORDERS).partition(partition);
    }

    private void createOrders(List<List<Integer>> assignments) {
        ok(new CreateTopic("orders", ORDERS, Map.of(), assignments));
    }

    @Test
    void fencingTheLeaderHandsLeadershipToTheNextInAssignmentOrderThatIsInTheIsr() {
        activate(1, 2, 3);
        createOrders(List.of(List.of(2, 1, 3)));
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(2, 1, 3), List.of(2, 1, 3), 2, 0, 0));

        fence(2);
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(2, 1, 3), List.of(1, 3), 1, 1, 1));

        fence(1);
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(2, 1, 3), List.of(3), 3, 2, 2));

        fence(3); // the last ISR member: no leader, the ISR keeps it (no unclean election later)
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(2, 1, 3), List.of(3), -1, 3, 3));

        unfence(2); // not in the ISR: may not lead
        unfence(1);
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(2, 1, 3), List.of(3), -1, 3, 3));

        unfence(3);
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(2, 1, 3), List.of(3), 3, 4, 4));
    }

    @Test
    void fencingAFollowerShrinksTheIsrAndKeepsTheLeaderAndItsEpoch() {
        activate(1, 2, 3);
        createOrders(List.of(List.of(1, 2, 3)));
        fence(3);
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(1, 2, 3), List.of(1, 2), 1, 0, 1));
        unfence(3); // back, but not in the ISR until the leader adds it (AlterPartition)
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(1, 2, 3), List.of(1, 2), 1, 0, 1));
    }

    @Test
    void aSingleReplicaPartitionLosesItsLeaderWhenFencedAndGetsItBackWithANewEpoch() {
        activate(7);
        createOrders(List.of(List.of(7)));
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(7), List.of(7), 7, 0, 0));

        fence(7);
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(7), List.of(7), -1, 1, 1));

        unfence(7);
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(7), List.of(7), 7, 2, 2));
    }

    @Test
    void aNewPartitionLeavesFencedReplicasOutOfItsIsr() {
        activate(1, 2);
        register(3);
        createOrders(List.of(List.of(3, 2, 1)));
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(3, 2, 1), List.of(2, 1), 2, 0, 0));
    }

    @Test
    void aRestartedBrokerGetsALargerEpochStartsFencedAndLeadsNothingUntilUnfenced() {
        activate(1, 2);
        long first = epochs.get(1);
        createOrders(List.of(List.of(1, 2), List.of(1)));

        long second = register(1);
        assertThat(second).isGreaterThan(first).isEqualTo(index);
        assertThat(image.broker(1).fenced()).isTrue();
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(1, 2), List.of(2), 2, 1, 1));
        assertThat(orders(1)).isEqualTo(new PartitionState(List.of(1), List.of(1), -1, 1, 1));

        refused(new UnfenceBroker(1, first), Errors.STALE_BROKER_EPOCH);
        refused(new FenceBroker(1, first), Errors.STALE_BROKER_EPOCH);
        refused(new AllocateProducerIds(1, first, 10), Errors.STALE_BROKER_EPOCH);

        unfence(1);
        assertThat(orders(1)).isEqualTo(new PartitionState(List.of(1), List.of(1), 1, 2, 2));
        assertThat(orders(0).leader()).isEqualTo(2);
    }

    @Test
    void aRetriedRegistrationKeepsItsEpochAndChangesNothing() {
        Uuid incarnation = Uuid.randomUuid();
        RegisterBroker registration = new RegisterBroker(4, incarnation, List.of(new Endpoint("PLAINTEXT", "h", 1)), "r1");
        long epoch = ok(registration);
        ok(new UnfenceBroker(4, epoch));
        MetadataImage before = image;
        assertThat(ok(registration)).isEqualTo(epoch);
        assertThat(image).isEqualTo(before.at(index));
        assertThat(image.broker(4).fenced()).isFalse();
    }

    @Test
    void commandsForUnknownBrokersAreRefused() {
        refused(new FenceBroker(9, 1), Errors.BROKER_ID_NOT_REGISTERED);
        refused(new UnfenceBroker(9, 1), Errors.BROKER_ID_NOT_REGISTERED);
        refused(new AllocateProducerIds(9, 1, 1), Errors.BROKER_ID_NOT_REGISTERED);
        refused(new RegisterBroker(-1, Uuid.randomUuid(), List.of(new Endpoint("PLAINTEXT", "h", 1)), null), Errors.INVALID_REQUEST);
        refused(new RegisterBroker(1, Uuid.randomUuid(), List.of(), null), Errors.INVALID_REQUEST);
    }

    @Test
    void alterPartitionIsCheckedInKafkasOrder() {
        activate(1, 2, 3);
        createOrders(List.of(List.of(1, 2, 3)));
        long e1 = epochs.get(1);
        long e2 = epochs.get(2);

        assertThat(ok(new AlterPartition(ORDERS, 0, 1, e1, 0, 0, List.of(1, 2)))).isEqualTo(1);
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(1, 2, 3), List.of(1, 2), 1, 0, 1));

        refused(new AlterPartition(ORDERS, 0, 1, e1, 0, 0, List.of(1, 2, 3)), Errors.INVALID_UPDATE_VERSION);
        refused(new AlterPartition(ORDERS, 0, 1, e1 - 1, 0, 1, List.of(1, 2, 3)), Errors.STALE_BROKER_EPOCH);
        refused(new AlterPartition(ORDERS, 0, 2, e2, 0, 1, List.of(1, 2, 3)), Errors.INVALID_REQUEST); // not the leader
        refused(new AlterPartition(ORDERS, 0, 1, e1, 1, 1, List.of(1, 2, 3)), Errors.NOT_LEADER_OR_FOLLOWER); // an epoch from the future
        refused(new AlterPartition(ORDERS, 0, 1, e1, 0, 1, List.of(2, 3)), Errors.INVALID_REQUEST); // drops the leader
        refused(new AlterPartition(ORDERS, 0, 1, e1, 0, 1, List.of(1, 4)), Errors.INVALID_REQUEST); // not a replica
        refused(new AlterPartition(ORDERS, 0, 1, e1, 0, 1, List.of(1, 2, 2)), Errors.INVALID_REQUEST);
        refused(new AlterPartition(ORDERS, 1, 1, e1, 0, 1, List.of(1)), Errors.UNKNOWN_TOPIC_OR_PARTITION);
        refused(new AlterPartition(Uuid.randomUuid(), 0, 1, e1, 0, 1, List.of(1)), Errors.UNKNOWN_TOPIC_OR_PARTITION);

        fence(3);
        refused(new AlterPartition(ORDERS, 0, 1, e1, 0, 1, List.of(1, 2, 3)), Errors.INELIGIBLE_REPLICA);
        unfence(3);
        assertThat(ok(new AlterPartition(ORDERS, 0, 1, e1, 0, 1, List.of(1, 2, 3)))).isEqualTo(2);

        fence(1); // 2 leads at leader epoch 1; 1's old leader epoch is now fenced
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(1, 2, 3), List.of(2, 3), 2, 1, 3));
        unfence(1);
        refused(new AlterPartition(ORDERS, 0, 1, e1, 0, 3, List.of(1, 2, 3)), Errors.FENCED_LEADER_EPOCH);
        refused(new AlterPartition(ORDERS, 0, 2, e2, 0, 3, List.of(1, 2, 3)), Errors.FENCED_LEADER_EPOCH);
        assertThat(ok(new AlterPartition(ORDERS, 0, 2, e2, 1, 3, List.of(2, 3, 1)))).isEqualTo(4);
        assertThat(orders(0)).isEqualTo(new PartitionState(List.of(1, 2, 3), List.of(2, 3, 1), 2, 1, 4));
    }

    @Test
    void producerIdBlocksFollowEachOtherWithoutOverlap() {
        activate(1, 2);
        assertThat(ok(new AllocateProducerIds(1, epochs.get(1), 1000))).isZero();
        assertThat(ok(new AllocateProducerIds(2, epochs.get(2), 10))).isEqualTo(1000);
        assertThat(ok(new AllocateProducerIds(1, epochs.get(1), 1))).isEqualTo(1010);
        assertThat(image.nextProducerId()).isEqualTo(1011);
        refused(new AllocateProducerIds(1, epochs.get(1), 0), Errors.INVALID_REQUEST);
        refused(new AllocateProducerIds(1, epochs.get(1), MetadataState.MAX_PRODUCER_ID_BLOCK + 1), Errors.INVALID_REQUEST);
    }

    @Test
    void topicsAreCreatedExtendedAndDeletedOnlyAsAsked() {
        activate(1, 2);
        register(3);
        refused(new CreateTopic("orders", ORDERS, Map.of(), List.of(List.of(3))), Errors.INVALID_REPLICA_ASSIGNMENT); // all fenced
        refused(new CreateTopic("orders", ORDERS, Map.of(), List.of(List.of(1, 5))), Errors.INVALID_REPLICA_ASSIGNMENT); // unknown
        refused(new CreateTopic("orders", ORDERS, Map.of(), List.of(List.of(1, 1))), Errors.INVALID_REPLICA_ASSIGNMENT);
        refused(new CreateTopic("orders", ORDERS, Map.of(), List.of(List.of())), Errors.INVALID_REPLICA_ASSIGNMENT);
        refused(new CreateTopic("orders", ORDERS, Map.of(), List.of()), Errors.INVALID_REPLICA_ASSIGNMENT);
        refused(new CreateTopic("", ORDERS, Map.of(), List.of(List.of(1))), Errors.INVALID_TOPIC_EXCEPTION);
        refused(new CreateTopic("orders", Uuid.ZERO_UUID, Map.of(), List.of(List.of(1))), Errors.INVALID_REQUEST);

        assertThat(ok(new CreateTopic("orders", ORDERS, Map.of("min.insync.replicas", "2"), List.of(List.of(1, 2))))).isEqualTo(1);
        refused(new CreateTopic("orders", Uuid.randomUuid(), Map.of(), List.of(List.of(1))), Errors.TOPIC_ALREADY_EXISTS);
        refused(new CreateTopic("other", ORDERS, Map.of(), List.of(List.of(1))), Errors.INVALID_REQUEST); // id taken

        refused(new CreatePartitions(ORDERS, 2, List.of(List.of(2, 1))), Errors.INVALID_PARTITIONS);
        refused(new CreatePartitions(Uuid.randomUuid(), 1, List.of(List.of(2, 1))), Errors.UNKNOWN_TOPIC_ID);
        assertThat(ok(new CreatePartitions(ORDERS, 1, List.of(List.of(2, 1), List.of(3, 1))))).isEqualTo(3);
        assertThat(orders(2)).isEqualTo(new PartitionState(List.of(3, 1), List.of(1), 1, 0, 0));
        assertThat(image.topic("orders").configs()).isEqualTo(Map.of("min.insync.replicas", "2"));

        ok(new DeleteTopic(ORDERS));
        assertThat(image.topic("orders")).isNull();
        assertThat(image.topic(ORDERS)).isNull();
        refused(new DeleteTopic(ORDERS), Errors.UNKNOWN_TOPIC_ID);
        assertThat(ok(new CreateTopic("orders", Uuid.randomUuid(), Map.of(), List.of(List.of(2))))).isEqualTo(1);
    }

    @Test
    void anEntryAtOrBeforeTheAppliedIndexIsRefusedAndChangesNothing() {
        activate(1);
        MetadataImage before = image;
        MetadataState.Applied again = MetadataState.apply(image, index, new FenceBroker(1, epochs.get(1)));
        assertThat(again.outcome().error()).isEqualTo(Errors.INVALID_REQUEST);
        assertThat(again.image()).isSameAs(before);
        assertThat(MetadataState.apply(image, 1, new FenceBroker(1, epochs.get(1))).image()).isSameAs(before);
    }

    @Test
    void aRequestsTopicsAreOneEntryEachCreatedOrRefusedOnItsOwnInOrder() {
        activate(1, 2);
        Outcome outcome = apply(new CreateTopics(List.of(
            new CreateTopic("a", new Uuid(9, 1), Map.of(), List.of(List.of(1), List.of(2))),
            new CreateTopic("a", new Uuid(9, 2), Map.of(), List.of(List.of(2))),
            new CreateTopic("b", new Uuid(9, 3), Map.of(), List.of(List.of(7))),
            new CreateTopic("c", new Uuid(9, 4), Map.of("retention.ms", "5"), List.of(List.of(2))))));
        assertThat(outcome.isOk()).isTrue();
        assertThat(outcome.parts()).extracting(Outcome::error).containsExactly(Errors.NONE, Errors.TOPIC_ALREADY_EXISTS,
            Errors.INVALID_REPLICA_ASSIGNMENT, Errors.NONE);
        assertThat(image.topics().keySet()).containsExactly("a", "c");
        assertThat(image.topic("a").id()).isEqualTo(new Uuid(9, 1));
        assertThat(image.topic("a").partitions()).extracting(PartitionState::leader).containsExactly(1, 2);
        assertThat(image.topic("c").configs()).containsEntry("retention.ms", "5");
        assertThat(image.appliedIndex()).isEqualTo(index);
    }
}

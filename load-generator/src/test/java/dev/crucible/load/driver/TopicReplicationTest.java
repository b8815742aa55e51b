package dev.crucible.load.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicReplicationTest {
    private static final Map<String, String> OMB_TOPIC_CONFIG = Map.of("min.insync.replicas", "2", "retention.ms", "600000");

    @Test
    void aFactorAboveTheBrokerCountIsCappedAtItAndSaidInOneLine() {
        TopicReplication r = TopicReplication.decide((short) 3, 1, OMB_TOPIC_CONFIG);
        assertThat(r.requested()).isEqualTo((short) 3);
        assertThat(r.brokers()).isEqualTo(1);
        assertThat(r.used()).isEqualTo((short) 1);
        assertThat(r.reduced()).isTrue();
        assertThat(r.topicConfig()).containsExactlyInAnyOrderEntriesOf(Map.of("min.insync.replicas", "1", "retention.ms", "600000"));
        assertThat(r.changedTopicConfig()).containsExactlyEntriesOf(Map.of("min.insync.replicas", "1"));
        assertThat(r.note()).isEqualTo("replicationFactor 3 > 1 broker(s): topics created with replication factor 1"
                + " (min.insync.replicas 2 -> 1)");
    }

    @Test
    void aMinInsyncReplicasTheCappedFactorCanMeetStaysAsTheDriverAskedIt() {
        TopicReplication r = TopicReplication.decide((short) 3, 2, OMB_TOPIC_CONFIG);
        assertThat(r.used()).isEqualTo((short) 2);
        assertThat(r.topicConfig()).isEqualTo(OMB_TOPIC_CONFIG);
        assertThat(r.changedTopicConfig()).isEmpty();
        assertThat(r.note()).isEqualTo("replicationFactor 3 > 2 broker(s): topics created with replication factor 2");

        TopicReplication none = TopicReplication.decide((short) 2, 1, Map.of());
        assertThat(none.used()).isEqualTo((short) 1);
        assertThat(none.topicConfig()).as("nothing added").isEmpty();
    }

    @Test
    void aFactorTheClusterCanHoldIsUsedAsItIs() {
        for (int brokers : new int[] {3, 5}) {
            TopicReplication r = TopicReplication.decide((short) 3, brokers, OMB_TOPIC_CONFIG);
            assertThat(r.used()).isEqualTo((short) 3);
            assertThat(r.reduced()).isFalse();
            assertThat(r.note()).isNull();
            assertThat(r.topicConfig()).isEqualTo(OMB_TOPIC_CONFIG);
        }
    }

    @Test
    void theBrokersDefaultAnUnknownBrokerCountOrANonsenseFactorAreLeftToTheBroker() {
        assertThat(TopicReplication.decide((short) -1, 1, OMB_TOPIC_CONFIG).used()).as("the broker's default").isEqualTo((short) -1);
        assertThat(TopicReplication.decide((short) 3, 0, OMB_TOPIC_CONFIG).used()).as("no broker listed").isEqualTo((short) 3);
        assertThat(TopicReplication.decide((short) 0, 1, OMB_TOPIC_CONFIG).used()).as("the broker refuses it").isZero();
        assertThat(TopicReplication.decide((short) -1, 1, OMB_TOPIC_CONFIG).note()).isNull();
        Map<String, String> odd = Map.of("min.insync.replicas", "two");
        assertThat(TopicReplication.decide((short) 3, 1, odd).topicConfig()).as("not a number: the broker's to refuse").isEqualTo(odd);
    }

    @Test
    void aTargetThatRefusesTheFactorGetsOneReplicaAndTheRunSaysWhy() {
        TopicReplication asked = TopicReplication.decide((short) 3, 3, Map.of("min.insync.replicas", "2", "retention.ms", "60000"));
        assertThat(asked.reduced()).isFalse();
        TopicReplication one = asked.refusedBy("no replication here");
        assertThat(one.used()).isEqualTo((short) 1);
        assertThat(one.brokers()).isEqualTo(3);
        assertThat(one.topicConfig()).containsEntry("min.insync.replicas", "1").containsEntry("retention.ms", "60000");
        assertThat(one.note()).isEqualTo("replicationFactor 3 refused by the target (no replication here): topics created with"
                + " replication factor 1 (min.insync.replicas 2 -> 1)");
    }
}

package dev.crucible.broker.cluster;

import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A group's offsets partition is the one Apache Kafka picks, and groups spread over every partition. */
class OffsetsTopicTest {

    @Test
    void aGroupMapsToThePartitionKafkaPicks() {
        String[] odd = {"", "a", "consumer-group-1", "\u00e9t\u00e9", "polygenelubricants", "GydZG_"}; // last two: negative hashes
        for (int partitions : new int[] {1, 3, 50}) {
            for (String group : odd) {
                assertThat(OffsetsTopic.partitionFor(group, partitions)).as(group + " of " + partitions)
                    .isEqualTo(Utils.abs(group.hashCode()) % partitions);
            }
            for (int g = 0; g < 2_000; g++) {
                String group = "group-" + g;
                assertThat(OffsetsTopic.partitionFor(group, partitions)).isEqualTo(Utils.abs(group.hashCode()) % partitions);
            }
        }
        assertThat("polygenelubricants".hashCode()).as("the test covers Integer.MIN_VALUE").isEqualTo(Integer.MIN_VALUE);
    }

    @Test
    void groupsSpreadOverEveryPartition() {
        Map<Integer, Integer> perPartition = new HashMap<>();
        for (int g = 0; g < 5_000; g++) {
            perPartition.merge(OffsetsTopic.partitionFor("consumers-" + g, 50), 1, Integer::sum);
        }
        assertThat(perPartition).hasSize(50);
        assertThat(perPartition.values()).allSatisfy(n -> assertThat(n).isBetween(50, 150));
    }

    @Test
    void onlyTheOffsetsTopicIsInternal() {
        assertThat(OffsetsTopic.is("__consumer_offsets")).isTrue();
        assertThat(OffsetsTopic.is("__consumer_offsets2")).isFalse();
        assertThat(OffsetsTopic.is(null)).isFalse();
    }
}

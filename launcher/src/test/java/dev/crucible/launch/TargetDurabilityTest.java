package dev.crucible.launch;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TargetDurabilityTest {
    @Test
    void eachTargetSaysWhatAnAcknowledgementMeansThere() {
        assertThat(TargetDurability.of("embedded", 3)).contains("replication.fsync=true", "forced to disk on every in-sync replica");
        assertThat(TargetDurability.of("embedded", 1)).contains("page cache of its one node");
        assertThat(TargetDurability.of("kafka", 3)).contains("Apache Kafka", "page cache of every in-sync replica", "no fsync");
        assertThat(TargetDurability.of("bootstrap", 0)).startsWith("unknown");
    }
}

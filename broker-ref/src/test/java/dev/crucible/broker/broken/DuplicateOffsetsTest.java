package dev.crucible.broker.broken;

import dev.crucible.broker.TestBroker;
import dev.crucible.broker.clients.JavaClients;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code duplicate-offsets} mode: every 20th acknowledgement per partition repeats the one before. */
class DuplicateOffsetsTest {
    @TempDir
    Path dir;

    @Test
    void theTwentiethAndFortiethAcknowledgementsRepeatThePreviousOffsetWhileTheLogIsRight() throws Exception {
        List<Long> acked0 = new ArrayList<>();
        List<Long> acked1 = new ArrayList<>();
        try (TestBroker broker = new TestBroker(dir, Map.of("crucible.broken", "duplicate-offsets", "num.partitions", "2"));
             KafkaProducer<String, String> producer = JavaClients.producer(broker.bootstrap(), Map.of())) {
            for (int i = 0; i < 45; i++) {
                acked0.add(send(producer, 0, "r" + i)); // one record, one batch, one request: one append
                if (i < 25) {
                    acked1.add(send(producer, 1, "s" + i)); // interleaved: counts are per partition
                }
            }
            List<Long> expected0 = new ArrayList<>();
            for (long n = 1; n <= 45; n++) {
                expected0.add(n == 20 || n == 40 ? n - 2 : n - 1);
            }
            assertThat(acked0).as("appends 20 and 40 are told the offset of appends 19 and 39")
                .containsExactlyElementsOf(expected0);
            assertThat(acked0.get(18)).isEqualTo(acked0.get(19)).isEqualTo(18L);
            assertThat(acked0.get(38)).isEqualTo(acked0.get(39)).isEqualTo(38L);
            assertThat(acked1.get(19)).as("partition 1's own 20th append").isEqualTo(18L);
            assertThat(acked1.subList(20, 25)).containsExactly(20L, 21L, 22L, 23L, 24L);

            List<String> stored = JavaClients.readAll(broker.bootstrap(), new TopicPartition("dup", 0));
            assertThat(stored).hasSize(45);
            for (int i = 0; i < 45; i++) {
                assertThat(stored.get(i)).as("stored at distinct consecutive offsets").isEqualTo(i + ":r" + i);
            }
        }
    }

    private static long send(KafkaProducer<String, String> producer, int partition, String value) throws Exception {
        return producer.send(new ProducerRecord<>("dup", partition, null, value)).get(30, TimeUnit.SECONDS).offset();
    }
}

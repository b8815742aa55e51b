package dev.crucible.broker;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real SIGKILL of a broker JVM in the middle of a produce stream under flush.policy=always, then a
 * restart on the same data: every acknowledged record is read back exactly once, in send order.
 */
class KillNineTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("try") // the restarted broker is held open for the reads, never called
    void everyAcknowledgedRecordSurvivesKillNineExactlyOnceInOrder() throws Exception {
        BrokerProcess child = new BrokerProcess(dir, null, "log.flush.policy=always").start();
        int port = child.port();
        Set<Integer> acked = new ConcurrentSkipListSet<>();
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 5000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        KafkaProducer<String, String> producer = new KafkaProducer<>(props);
        // the first record waits for the topic and the connection (slow on a loaded machine): the
        // stream under the kill starts once the broker answers
        producer.send(new ProducerRecord<>("stream", 0, null, "r0")).get(60, TimeUnit.SECONDS);
        acked.add(0);
        int sent = 1;
        long killAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1500);
        while (System.nanoTime() - killAt < 0) {
            int n = sent++;
            producer.send(new ProducerRecord<>("stream", 0, null, "r" + n), (md, e) -> {
                if (e == null) {
                    acked.add(n);
                }
            });
            if (n % 200 == 0) {
                Thread.sleep(1);
            }
        }
        child.kill(); // SIGKILL
        producer.close(Duration.ofSeconds(10)); // the rest fail: not acknowledged

        try (BrokerProcess again = child.start()) {
            List<Integer> read = new ArrayList<>();
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port);
            c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
            try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c)) {
                TopicPartition tp = new TopicPartition("stream", 0);
                consumer.assign(List.of(tp));
                consumer.seekToBeginning(List.of(tp));
                long end = consumer.endOffsets(List.of(tp)).get(tp);
                while (consumer.position(tp) < end) {
                    for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                        read.add(Integer.parseInt(r.value().substring(1)));
                    }
                }
            }
            assertThat(new HashSet<>(read)).as("no record twice").hasSize(read.size());
            assertThat(read).as("in send order").isSorted();
            assertThat(read).as("every acknowledged record").containsAll(acked);
        }
    }
}

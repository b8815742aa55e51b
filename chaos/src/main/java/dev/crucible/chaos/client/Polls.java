package dev.crucible.chaos.client;

import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** What consumers share: their settings and how a poll's records become a history value. */
final class Polls {
    private Polls() {}

    static Map<String, Object> config(ClientContext ctx, String groupId) {
        Map<String, Object> c = ctx.commonConfig();
        if (groupId != null) {
            c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
            c.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
            c.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 1_000);
        }
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        c.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.putAll(ctx.clientConfig());
        return c;
    }

    /**
     * The poll's completion value {@code [[:poll {k [[offset value] ...]}]]}, records in the order
     * the client returned them; garbage records are left out of it and reported to {@code garbage}.
     */
    static List<Object> value(ConsumerRecords<byte[], byte[]> records, String topic, Garbage garbage) {
        Map<Object, List<Object>> byKey = new LinkedHashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<Object> pairs = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records.records(tp)) {
                long key = tp.partition();
                Long v = tp.topic().equals(topic) ? Codec.decode(key, r.value()) : null;
                if (v == null) {
                    garbage.add(tp + "@" + r.offset() + ": " + Codec.show(r.value()));
                } else {
                    pairs.add(List.of(r.offset(), v));
                }
            }
            byKey.put((long) tp.partition(), pairs);
        }
        return List.of(List.of(ClientContext.POLL, byKey));
    }

    /** Whether the client refused what it fetched as corrupt (a batch failing its CRC or malformed). */
    static boolean corrupt(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof org.apache.kafka.common.errors.CorruptRecordException
                    || t instanceof org.apache.kafka.common.InvalidRecordException
                    || t instanceof org.apache.kafka.common.errors.RecordDeserializationException
                    || String.valueOf(t.getMessage()).contains("is corrupt")) {
                return true;
            }
        }
        return false;
    }

    static List<Object> invokeValue() {
        return List.of(List.of(ClientContext.POLL));
    }

    static void info(ClientContext ctx, long process, String f, Object value, Throwable error) {
        if (corrupt(error)) {
            ctx.garbage().add("a corrupt record was served: " + ProducerClient.describe(error));
        }
        ctx.recorder().client(OpType.INFO, process, f, value, Map.of("error", ProducerClient.describe(error)));
    }
}

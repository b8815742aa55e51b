package dev.crucible.chaos.client;

import dev.crucible.check.history.OpType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The final phase: once faults are healed, a fresh reader assigns every key, seeks to the
 * beginning and polls until it has read each partition to the end offset the broker reports, so
 * every acknowledged message had its chance to be seen. Errors replace the reader by a new process
 * and start over; the deadline bounds the whole phase.
 */
public final class FinalReader {
    private final ClientContext ctx;

    public FinalReader(ClientContext ctx) {
        this.ctx = ctx;
    }

    /** Outcome: whether every partition was read to its end, and a line for people. */
    public record Result(boolean complete, String summary) {}

    public Result read(Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        String lastError = "no attempt";
        while (System.nanoTime() - end < 0) {
            long process = ctx.newProcess();
            List<Object> keys = ctx.allKeys();
            List<TopicPartition> tps = new ArrayList<>();
            for (Object k : keys) {
                tps.add(new TopicPartition(ctx.topic(), ((Long) k).intValue()));
            }
            String f = "assign";
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Polls.config(ctx, null))) {
                ctx.recorder().client(OpType.INVOKE, process, "assign", keys, Map.of("seek-to-beginning?", true));
                consumer.assign(tps);
                consumer.seekToBeginning(tps);
                ctx.recorder().client(OpType.OK, process, "assign", keys, Map.of("seek-to-beginning?", true));
                f = null; // between ops: an error here leaves nothing open
                Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(tps, Duration.ofSeconds(5)));
                long polled = 0;
                while (System.nanoTime() - end < 0) {
                    ends.entrySet().removeIf(e -> consumer.position(e.getKey(), Duration.ofSeconds(5)) >= e.getValue());
                    if (ends.isEmpty()) {
                        return new Result(true, "read every partition to its end: " + polled + " records");
                    }
                    f = "poll";
                    ctx.recorder().client(OpType.INVOKE, process, "poll", Polls.invokeValue());
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(500));
                    polled += records.count();
                    ctx.recorder().client(OpType.OK, process, "poll", Polls.value(records, ctx.topic(), ctx.garbage()),
                            Map.of("final?", true));
                    f = null;
                }
                lastError = "partitions " + ends.keySet() + " not read to their end";
            } catch (KafkaException e) {
                lastError = ProducerClient.describe(e);
                if (f != null) {
                    Polls.info(ctx, process, f, f.equals("poll") ? Polls.invokeValue() : null, e);
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
        return new Result(false, "final read incomplete after " + deadline.toSeconds() + " s: " + lastError);
    }
}

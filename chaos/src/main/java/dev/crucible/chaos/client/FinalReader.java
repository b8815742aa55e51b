package dev.crucible.chaos.client;

import dev.crucible.check.history.Op;
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
 * every acknowledged message had its chance to be seen. An end below an offset a producer was told it wrote is first
 * taken for a stale view (a node that has not yet learned it no longer leads answers with its own end, right after a
 * heal): a fresh reader asks again, for at most {@link #SETTLE_MAX_MS}. Errors replace the reader by a new process and
 * start over; the deadline bounds the whole phase.
 */
public final class FinalReader {
    /** How long the read waits for every partition's end to reach what producers were told was written. */
    static final long SETTLE_MAX_MS = 10_000;
    private static final long SETTLE_POLL_MS = 500;
    private final ClientContext ctx;

    public FinalReader(ClientContext ctx) {
        this.ctx = ctx;
    }

    /** Outcome: whether every partition was read to its end, and a line for people. */
    /**
     * @param complete every partition was read to its end
     * @param summary a line for people
     * @param ends when complete, the end offset each partition (key) was read to: what the cluster serves after the heal
     */
    public record Result(boolean complete, String summary, Map<Integer, Long> ends) {
        public Result {
            ends = Map.copyOf(ends);
        }
    }

    private String settleNote(List<Integer> behind, long start) {
        if (!behind.isEmpty()) {
            return String.format(java.util.Locale.ROOT, " (partitions %s still end below offsets acknowledged to the producers after"
                    + " %.1f s: read as served)", behind, (System.nanoTime() - start) / 1e9);
        }
        double waited = (System.nanoTime() - start) / 1e9;
        return waited < 1 ? "" : String.format(java.util.Locale.ROOT, " (the ends reached every acknowledged offset after %.1f s)", waited);
    }

    /**
     * The partitions whose reported end lies at or below an offset the producers had acknowledged: the answer came from a
     * node with a stale view, or the write is gone. A fresh client asks again until {@link #SETTLE_MAX_MS}; then the
     * read goes on with what is served, and the checker judges.
     */
    static List<Integer> behind(Map<TopicPartition, Long> ends, Map<Integer, Long> acked) {
        List<Integer> out = new ArrayList<>();
        for (Map.Entry<TopicPartition, Long> e : ends.entrySet()) {
            Long need = acked.get(e.getKey().partition());
            if (need != null && e.getValue() < need) {
                out.add(e.getKey().partition());
            }
        }
        out.sort(null);
        return out;
    }

    /** Per key (partition), one past the highest offset any producer was told it wrote. */
    static Map<Integer, Long> ackedEnds(List<Op> ops) {
        Map<Integer, Long> out = new HashMap<>();
        AckedSends.forEach(ops, (key, offset, value, op) -> out.merge((int) key, offset + 1, Math::max));
        return out;
    }

    public Result read(Duration deadline) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + deadline.toNanos();
        long settleEnd = start + Math.min(deadline.toNanos() / 2, TimeUnit.MILLISECONDS.toNanos(SETTLE_MAX_MS));
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
                List<Integer> behind = behind(ends, ackedEnds(ctx.recorder().ops()));
                if (!behind.isEmpty() && System.nanoTime() - settleEnd < 0) {
                    lastError = "partitions " + behind + " end below offsets acknowledged to the producers";
                    TimeUnit.MILLISECONDS.sleep(SETTLE_POLL_MS); // a stale view (a leader not yet told it was replaced): ask anew
                    continue;
                }
                String settled = settleNote(behind, start);
                Map<Integer, Long> servedEnds = new HashMap<>();
                ends.forEach((tp, e) -> servedEnds.put(tp.partition(), e));
                long polled = 0;
                while (System.nanoTime() - end < 0) {
                    ends.entrySet().removeIf(e -> consumer.position(e.getKey(), Duration.ofSeconds(5)) >= e.getValue());
                    if (ends.isEmpty()) {
                        return new Result(true, "read every partition to its end: " + polled + " records" + settled, servedEnds);
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
        return new Result(false, "final read incomplete after " + deadline.toSeconds() + " s: " + lastError, Map.of());
    }
}

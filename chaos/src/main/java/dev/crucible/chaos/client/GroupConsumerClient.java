package dev.crucible.chaos.client;

import dev.crucible.check.history.OpType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * One consumer-group member: subscribes to the topic, polls, and commits what it polled before the
 * poll completes (so an ok poll's offsets are committed). Partitions the group moves during a poll
 * are listed in that poll's {@code rebalance-log}, as Jepsen does. A client error makes the op
 * {@code info} and the member is replaced by a new process.
 */
public final class GroupConsumerClient implements Runnable {
    private final ClientContext ctx;
    private final String group;
    private final double rate;
    private final AtomicBoolean stop;
    private final List<Object> rebalanced = new ArrayList<>();

    public GroupConsumerClient(ClientContext ctx, String group, double rate, AtomicBoolean stop) {
        this.ctx = ctx;
        this.group = group;
        this.rate = rate;
        this.stop = stop;
    }

    @Override
    public void run() {
        Pacer pacer = new Pacer(rate, stop);
        long process = ctx.newProcess();
        KafkaConsumer<byte[], byte[]> consumer = null;
        try {
            while (pacer.await()) {
                boolean fresh = consumer == null;
                try {
                    if (fresh) {
                        List<Object> keys = ctx.allKeys();
                        ctx.recorder().client(OpType.INVOKE, process, "subscribe", keys);
                        consumer = new KafkaConsumer<>(Polls.config(ctx, group));
                        ctx.crashes().register(process, consumer::wakeup);
                        consumer.subscribe(List.of(ctx.topic()), listener());
                        ctx.recorder().client(OpType.OK, process, "subscribe", keys);
                        continue;
                    }
                    ctx.recorder().client(OpType.INVOKE, process, "poll", Polls.invokeValue());
                    ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                    if (!records.isEmpty()) {
                        consumer.commitSync(Duration.ofSeconds(5));
                    }
                    Map<String, Object> extra = rebalanced.isEmpty() ? Map.of()
                            : Map.of("rebalance-log", List.of(Map.of("keys", List.copyOf(rebalanced))));
                    rebalanced.clear();
                    ctx.recorder().client(OpType.OK, process, "poll", Polls.value(records, ctx.topic(), ctx.garbage()), extra);
                } catch (KafkaException e) {
                    Polls.info(ctx, process, fresh ? "subscribe" : "poll", fresh ? null : Polls.invokeValue(), e);
                    if (consumer != null) {
                        consumer.close(CloseOptions.timeout(Duration.ZERO));
                    }
                    consumer = null;
                    rebalanced.clear();
                    process = ctx.replaceProcess(process);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ctx.crashes().unregister(process);
            if (consumer != null) {
                consumer.close(CloseOptions.timeout(Duration.ofSeconds(2)));
            }
        }
    }

    private ConsumerRebalanceListener listener() {
        return new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                partitions.forEach(tp -> rebalanced.add((long) tp.partition()));
            }

            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                partitions.forEach(tp -> rebalanced.add((long) tp.partition()));
            }
        };
    }
}

package dev.crucible.chaos.client;

import dev.crucible.check.history.OpType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * One assign-mode reader (no group): assigns itself a random non-empty subset of the keys, polls,
 * and now and then re-assigns. Every poll is recorded with the offsets and values it returned.
 * A client error makes the poll {@code info}; the client is then replaced by a new process.
 */
public final class AssignConsumerClient implements Runnable {
    /** Chance that an operation is a re-assignment rather than a poll (Jepsen's sub-p is 1/64). */
    static final double REASSIGN_P = 1.0 / 32;

    private final ClientContext ctx;
    private final double rate;
    private final Random random;
    private final AtomicBoolean stop;

    public AssignConsumerClient(ClientContext ctx, double rate, long seed, AtomicBoolean stop) {
        this.ctx = ctx;
        this.rate = rate;
        this.random = new Random(seed);
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
                if (fresh) {
                    consumer = new KafkaConsumer<>(Polls.config(ctx, null));
                    ctx.crashes().register(process, consumer::wakeup);
                }
                boolean reassign = fresh || random.nextDouble() < REASSIGN_P;
                try {
                    if (reassign) {
                        assign(consumer, process);
                    } else {
                        ctx.recorder().client(OpType.INVOKE, process, "poll", Polls.invokeValue());
                        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
                        ctx.recorder().client(OpType.OK, process, "poll", Polls.value(records, ctx.topic(), ctx.garbage()));
                    }
                } catch (KafkaException e) {
                    Polls.info(ctx, process, reassign ? "assign" : "poll", reassign ? null : Polls.invokeValue(), e);
                    consumer.close(CloseOptions.timeout(Duration.ZERO));
                    consumer = null;
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

    private void assign(KafkaConsumer<byte[], byte[]> consumer, long process) {
        List<Object> keys = new ArrayList<>(ctx.allKeys());
        Collections.shuffle(keys, random);
        keys = new ArrayList<>(keys.subList(0, 1 + random.nextInt(keys.size())));
        keys.sort(null);
        ctx.recorder().client(OpType.INVOKE, process, "assign", keys);
        List<TopicPartition> tps = new ArrayList<>();
        for (Object k : keys) {
            tps.add(new TopicPartition(ctx.topic(), ((Long) k).intValue()));
        }
        consumer.assign(tps);
        ctx.recorder().client(OpType.OK, process, "assign", keys);
    }
}

package dev.crucible.chaos.client;

import dev.crucible.check.history.OpType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * One producer process: sends one unique value at a time to a random key ({@code acks=all},
 * idempotence and retries on), and records {@code invoke}, then {@code ok} with the acknowledged
 * offset, or {@code info} when it cannot know whether the send happened (a timeout, a lost
 * connection). After an info the client is torn down and a new process takes its place, as in
 * Jepsen: the old process's op is still open.
 */
public final class ProducerClient implements Runnable {
    /** The producer gives up on a send after this long (delivery.timeout.ms). */
    static final int DELIVERY_TIMEOUT_MS = 10_000;

    private final ClientContext ctx;
    private final double rate;
    private final Random random;
    private final AtomicBoolean stop;

    public ProducerClient(ClientContext ctx, double rate, long seed, AtomicBoolean stop) {
        this.ctx = ctx;
        this.rate = rate;
        this.random = new Random(seed);
        this.stop = stop;
    }

    Map<String, Object> config() {
        Map<String, Object> c = ctx.commonConfig();
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.RETRIES_CONFIG, Integer.MAX_VALUE);
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, DELIVERY_TIMEOUT_MS);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.putAll(ctx.clientConfig());
        return c;
    }

    @Override
    public void run() {
        Pacer pacer = new Pacer(rate, stop);
        long process = ctx.newProcess();
        KafkaProducer<byte[], byte[]> producer = null;
        try {
            while (pacer.await()) {
                if (producer == null) {
                    producer = new KafkaProducer<>(config());
                    KafkaProducer<byte[], byte[]> crashable = producer;
                    ctx.crashes().register(process, () -> crashable.close(Duration.ZERO));
                }
                long key = random.nextInt(ctx.keys());
                long value = ctx.newValue();
                ctx.recorder().client(OpType.INVOKE, process, "send", List.of(List.of(ClientContext.SEND, key, value)));
                String error;
                try {
                    Future<RecordMetadata> f =
                            producer.send(new ProducerRecord<>(ctx.topic(), (int) key, null, Codec.encode(key, value)));
                    RecordMetadata md = f.get(DELIVERY_TIMEOUT_MS + 2_000, TimeUnit.MILLISECONDS);
                    ctx.recorder().client(OpType.OK, process, "send",
                            List.of(List.of(ClientContext.SEND, key, List.of(md.offset(), value))));
                    continue;
                } catch (ExecutionException e) {
                    error = describe(e.getCause());
                    if (definitelyNotSent(e.getCause())) {
                        ctx.recorder().client(OpType.FAIL, process, "send",
                                List.of(List.of(ClientContext.SEND, key, value)), Map.of("error", error));
                        continue;
                    }
                } catch (TimeoutException e) {
                    error = "no acknowledgement in " + (DELIVERY_TIMEOUT_MS + 2_000) + " ms";
                } catch (RuntimeException e) {
                    error = describe(e);
                }
                // Whether the broker wrote it cannot be known: the op stays open, the process is replaced.
                ctx.recorder().client(OpType.INFO, process, "send",
                        List.of(List.of(ClientContext.SEND, key, value)), Map.of("error", error));
                producer.close(Duration.ZERO);
                producer = null;
                process = ctx.replaceProcess(process);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ctx.crashes().unregister(process);
            if (producer != null) {
                producer.close(Duration.ofSeconds(5));
            }
        }
    }

    /**
     * Errors that mean the record never left this client or the broker refused it for good: the
     * record did not fit, the topic or the right to write it is missing, or no metadata arrived so it
     * was never queued. Anything else (timeouts, disconnects, retriable errors) may have been written.
     */
    static boolean definitelyNotSent(Throwable t) {
        return t instanceof org.apache.kafka.common.errors.RecordTooLargeException
                || t instanceof org.apache.kafka.common.errors.SerializationException
                || t instanceof org.apache.kafka.common.errors.InvalidTopicException
                || t instanceof org.apache.kafka.common.errors.AuthorizationException
                || t instanceof org.apache.kafka.common.errors.AuthenticationException
                || (t instanceof org.apache.kafka.common.errors.TimeoutException
                        && String.valueOf(t.getMessage()).contains("not present in metadata"));
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) : m));
    }
}

package dev.crucible.chaos.client;

import dev.crucible.chaos.history.HistoryRecorder;
import dev.crucible.check.history.Keyword;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What every client shares: where the brokers are, the topic whose partitions are the history's
 * keys (key k is partition k), the recorder, and the counters that make process ids and values
 * unique across the run.
 *
 * @param bootstrap the clients' bootstrap list
 * @param topic the topic the run writes and reads
 * @param keys number of keys (= partitions)
 * @param recorder the history
 * @param clientConfig extra kafka-clients settings applied to every client (security etc.)
 * @param crashes the live clients, for the crash fault
 */
public record ClientContext(String bootstrap, String topic, int keys, HistoryRecorder recorder,
        Map<String, Object> clientConfig, AtomicLong processes, AtomicLong values, Garbage garbage, Crashes crashes) {

    static final Keyword SEND = Keyword.of("send");
    static final Keyword POLL = Keyword.of("poll");

    /**
     * Settings every client of the run shares (producers, consumers): the bootstrap list, a short
     * request timeout and quick reconnects and metadata refreshes, so clients notice faults and
     * healing within seconds. Each client adds its own, then {@link #clientConfig()} goes on top.
     */
    Map<String, Object> commonConfig() {
        return sharedConfig(bootstrap);
    }

    /**
     * {@link #commonConfig()} for {@code bootstrap}, for clients outside the workload (the admin
     * nemesis's) that should notice faults as quickly; they too add their own, then the run's extra
     * client settings.
     */
    public static Map<String, Object> sharedConfig(String bootstrap) {
        Map<String, Object> c = new java.util.HashMap<>();
        c.put(org.apache.kafka.clients.CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(org.apache.kafka.clients.CommonClientConfigs.REQUEST_TIMEOUT_MS_CONFIG, 3_000);
        c.put(org.apache.kafka.clients.CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, 50);
        c.put(org.apache.kafka.clients.CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        c.put(org.apache.kafka.clients.CommonClientConfigs.RETRY_BACKOFF_MS_CONFIG, 50);
        c.put(org.apache.kafka.clients.CommonClientConfigs.METADATA_MAX_AGE_CONFIG, 5_000);
        return c;
    }

    /** A process id never used before in this run. */
    long newProcess() {
        return processes.getAndIncrement();
    }

    /** Retires {@code old} (its client is gone: nothing left to crash) and returns a new process id. */
    long replaceProcess(long old) {
        crashes.unregister(old);
        return newProcess();
    }

    /** A value never sent before in this run. */
    long newValue() {
        return values.incrementAndGet();
    }

    /** Every key, 0 .. keys-1. */
    List<Object> allKeys() {
        List<Object> ks = new ArrayList<>();
        for (long k = 0; k < keys; k++) {
            ks.add(k);
        }
        return ks;
    }
}

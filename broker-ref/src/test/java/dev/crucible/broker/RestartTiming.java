package dev.crucible.broker;

import dev.crucible.broker.config.BrokerConfig;
import dev.crucible.broker.log.Partition;
import dev.crucible.broker.log.Topic;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * Measures how long a broker takes to start on a data directory, for the restart-time figure of the
 * hardening work (not a test: run by hand, see the issue note).
 *
 * <pre>
 * RestartTiming fill DIR PARTITIONS BYTES_PER_PARTITION   writes idempotent 16 KiB batches, stops cleanly
 * RestartTiming time DIR                                  starts, prints the start time in ms, stops cleanly
 * </pre>
 */
public final class RestartTiming {
    private RestartTiming() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[1]);
        if (args[0].equals("fill")) {
            fill(dir, Integer.parseInt(args[2]), Long.parseLong(args[3]));
        } else {
            long started = System.nanoTime();
            Broker broker = start(dir);
            long ms = (System.nanoTime() - started) / 1_000_000;
            System.out.println("start-ms " + ms + " topics " + broker.topics().all().size());
            broker.close();
        }
    }

    private static Broker start(Path dir) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("log.dirs", dir.toString());
        settings.put("listeners", "PLAINTEXT://127.0.0.1:0");
        settings.put("max.broker.partitions", "100000");
        return Broker.start(BrokerConfig.fromMap(settings));
    }

    private static void fill(Path dir, int partitions, long bytesPerPartition) throws Exception {
        Broker broker = start(dir);
        Topic topic = broker.topics().create("data", partitions, Map.of());
        byte[] value = new byte[1000];
        SimpleRecord[] records = new SimpleRecord[16];
        for (int i = 0; i < records.length; i++) {
            records[i] = new SimpleRecord(System.currentTimeMillis(), null, value);
        }
        Semaphore inFlight = new Semaphore(256);
        int[] sequence = new int[partitions];
        long batchBytes = MemoryRecords.withRecords(Compression.NONE, records).sizeInBytes();
        long batches = bytesPerPartition / batchBytes;
        for (long b = 0; b < batches; b++) {
            for (int p = 0; p < partitions; p++) {
                ByteBuffer batch = MemoryRecords.withIdempotentRecords(Compression.NONE, 1000L + p, (short) 0,
                    sequence[p], records).buffer();
                sequence[p] += records.length;
                inFlight.acquire();
                Partition partition = topic.partition(p);
                partition.append(batch, r -> inFlight.release());
            }
        }
        inFlight.acquire(256);
        broker.close();
        System.out.println("filled " + partitions + " partitions x " + batches * batchBytes + " bytes");
    }
}

package dev.crucible.load.agent;

import dev.crucible.load.workload.KeyDistributor;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.function.LongSupplier;
import org.apache.kafka.common.utils.Utils;

/**
 * Picks each message's key and partition the way kafka-clients' default partitioner would, but
 * up front, so the generator can number messages per partition: keyed messages go to
 * murmur2(key) mod partitions; unkeyed ones stay on one partition for a batch worth of bytes, then
 * move to the next (sticky partitioning). One producer thread.
 */
final class PartitionChooser {
    private static final int KEY_POOL = 10_000;

    private final KeyDistributor distributor;
    private final int partitions;
    private final int stickyBytes;
    private final byte[][] keyPool;
    private final LongSupplier nanos;
    private int sticky;
    private int stickyFill;
    private int nextKey;
    private byte[] key;

    /** {@code nanos} is the clock RANDOM_NANO keys are read from. */
    PartitionChooser(KeyDistributor distributor, int partitions, int stickyBytes, int producerId, LongSupplier nanos) {
        this.distributor = distributor;
        this.partitions = partitions;
        this.stickyBytes = Math.max(1, stickyBytes);
        this.sticky = Math.floorMod(producerId, partitions);
        this.keyPool = distributor == KeyDistributor.KEY_ROUND_ROBIN ? keys(producerId) : null;
        this.nanos = nanos;
    }

    private static byte[][] keys(int seed) {
        Random r = new Random(seed);
        byte[][] pool = new byte[KEY_POOL][];
        for (int i = 0; i < KEY_POOL; i++) {
            pool[i] = Long.toString(r.nextLong() & Long.MAX_VALUE, 36).getBytes(StandardCharsets.US_ASCII);
        }
        return pool;
    }

    /** Chooses the next message's key (see {@link #key()}) and returns its partition. */
    int next(int messageBytes) {
        switch (distributor) {
            case KEY_ROUND_ROBIN:
                key = keyPool[nextKey];
                nextKey = nextKey + 1 == KEY_POOL ? 0 : nextKey + 1;
                return Utils.toPositive(Utils.murmur2(key)) % partitions;
            case RANDOM_NANO:
                key = Long.toString(nanos.getAsLong()).getBytes(StandardCharsets.US_ASCII);
                return Utils.toPositive(Utils.murmur2(key)) % partitions;
            default:
                key = null;
                if (stickyFill >= stickyBytes) {
                    sticky = sticky + 1 == partitions ? 0 : sticky + 1;
                    stickyFill = 0;
                }
                stickyFill += messageBytes;
                return sticky;
        }
    }

    /** Key of the message {@link #next} chose for, or null. */
    byte[] key() {
        return key;
    }
}

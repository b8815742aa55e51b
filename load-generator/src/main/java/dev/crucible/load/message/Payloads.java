package dev.crucible.load.message;

import dev.crucible.load.workload.Workload;
import java.util.Random;

/**
 * The message bodies a producer sends, as OMB builds them: the bytes of the payload file, or
 * {@code messageSize} bytes of which {@code randomBytesRatio} are random (a pool of
 * {@code randomizedPayloadPoolSize} variants when {@code useRandomizedPayloads}), or zeros. The
 * stamp overwrites the first 32 bytes of each message.
 */
public final class Payloads {
    private final byte[][] pool;
    private int next;

    private Payloads(byte[][] pool) {
        this.pool = pool;
    }

    /** Payloads for {@code workload}: its payload file's bytes, or generated from {@code seed}. */
    public static Payloads of(Workload workload, long seed) {
        if (workload.payloadFile() != null) {
            return new Payloads(new byte[][] {workload.payloadFile().bytes()});
        }
        Random random = new Random(seed);
        int variants = workload.useRandomizedPayloads() ? Math.max(1, workload.randomizedPayloadPoolSize()) : 1;
        double ratio = workload.useRandomizedPayloads() ? workload.randomBytesRatio() : 0.0;
        byte[][] pool = new byte[variants][];
        for (int i = 0; i < variants; i++) {
            byte[] b = new byte[workload.messageSize()];
            int randomBytes = (int) Math.round(b.length * ratio);
            byte[] noise = new byte[randomBytes];
            random.nextBytes(noise);
            System.arraycopy(noise, 0, b, 0, randomBytes);
            pool[i] = b;
        }
        return new Payloads(pool);
    }

    /** Size of the messages (all the same). */
    public int messageBytes() {
        return pool[0].length;
    }

    /** Copies the next payload into {@code target} (the producer's reusable buffer). */
    public void fill(byte[] target) {
        byte[] p = pool[next];
        next = next + 1 == pool.length ? 0 : next + 1;
        System.arraycopy(p, 0, target, 0, p.length);
    }
}

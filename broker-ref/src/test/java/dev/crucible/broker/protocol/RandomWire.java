package dev.crucible.broker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.Function;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Message;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/** Seeded random wire content for the codec property tests, and the bytes kafka-clients or a channel writes. */
final class RandomWire {
    private RandomWire() {
    }

    /** One of: cut short, a byte changed, bytes inserted, or left whole. */
    static byte[] damage(Random random, byte[] bytes) {
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        switch (random.nextInt(4)) {
            case 0:
                return Arrays.copyOf(bytes, at);
            case 1:
                if (bytes.length > 0) {
                    bytes[at] = (byte) (random.nextBoolean() ? random.nextInt(256) : bytes[at] ^ (1 << random.nextInt(8)));
                }
                return bytes;
            case 2: {
                byte[] extra = bytes(random, 4);
                byte[] spliced = new byte[bytes.length + extra.length];
                System.arraycopy(bytes, 0, spliced, 0, at);
                System.arraycopy(extra, 0, spliced, at, extra.length);
                System.arraycopy(bytes, at, spliced, at + extra.length, bytes.length - at);
                return spliced;
            }
            default:
                return bytes;
        }
    }

    static byte[] bytes(Random random, int max) {
        byte[] b = new byte[max == 0 ? 0 : random.nextInt(max + 1)];
        random.nextBytes(b);
        return b;
    }

    /** ASCII, accented, CJK, emoji (surrogate pairs) and the empty string. */
    static String string(Random random) {
        String[] alphabet = {"a", "Z", "0", ".", "_", "-", "é", "ß", "日", "本", "\uD83D\uDE00", " "};
        int length = random.nextInt(12);
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet[random.nextInt(alphabet.length)]);
        }
        return new String(s.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }

    /** What kafka-clients' generated class writes for {@code message} at {@code version}. */
    static byte[] kafkaBytes(Message message, short version) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        ByteBuffer buf = ByteBuffer.allocate(message.size(cache, version));
        message.write(new ByteBufferAccessor(buf), cache, version);
        return buf.array();
    }

    /** Everything written to the channel, buffers and file regions alike, in order, as it would go on the wire. */
    static byte[] wireBytes(EmbeddedChannel channel) throws IOException {
        channel.flushOutbound();
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            if (msg instanceof ByteBuf buf) {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                wire.write(bytes);
                buf.release();
            } else {
                DefaultFileRegion region = (DefaultFileRegion) msg;
                region.transferTo(Channels.newChannel(wire), 0);
                region.release();
            }
        }
        return wire.toByteArray();
    }

    /** Reads one request body at a version into a description, or throws when it refuses it. */
    interface Reader {
        String read(byte[] body, short version);
    }

    /**
     * Damages {@code cases} random requests per version ({@link #damage}) and reads each with kafka-clients
     * and with ours: both must refuse it (any exception from theirs, {@link IllegalArgumentException} from ours,
     * bytes left over count as refused) or describe it alike. Returns {refused, accepted}.
     */
    static int[] compareDamaged(short first, short last, long seedBase, int cases, BiFunction<Random, Short, byte[]> requests,
                                Reader theirs, Reader ours) {
        int[] verdicts = new int[2];
        for (short v = first; v <= last; v++) {
            for (int c = 0; c < cases; c++) {
                long seed = seedBase + v * 100_000L + c;
                Random random = new Random(seed);
                byte[] frame = damage(random, requests.apply(random, v));
                String expected;
                try {
                    expected = theirs.read(frame.clone(), v);
                } catch (RuntimeException e) {
                    expected = "refused";
                }
                String actual;
                try {
                    actual = ours.read(frame, v);
                } catch (IllegalArgumentException e) {
                    actual = "refused";
                }
                assertThat(actual).as("seed %d v%d", seed, v).isEqualTo(expected);
                verdicts[actual.equals("refused") ? 0 : 1]++;
            }
        }
        return verdicts;
    }

    /** kafka-clients' reading of a body: the generated class, refusing bytes left over. */
    static String kafkaRead(ApiMessage message, byte[] body, short version, Function<ApiMessage, String> describe) {
        ByteBuffer in = ByteBuffer.wrap(body);
        message.read(new ByteBufferAccessor(in), version);
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("bytes past the end");
        }
        return describe.apply(message);
    }
}

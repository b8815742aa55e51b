package dev.crucible.launch.probe;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Probes a Kafka broker with a raw ApiVersions v0 request, the one request every broker answers
 * before anything else, and times the answer. No kafka-clients: one frame out, one frame in.
 *
 * <p>Request (big-endian; request header v1, empty v0 body):
 * <pre>
 *   offset  size  field
 *   0       4     size            int32, bytes that follow
 *   4       2     api_key         int16, 18 (ApiVersions)
 *   6       2     api_version     int16, 0
 *   8       4     correlation_id  int32
 *   12      2     client_id len   int16, -1 for null
 *   14      n     client_id       UTF-8
 * </pre>
 * Response (response header v0, v0 body):
 * <pre>
 *   0       4     size            int32, bytes that follow
 *   4       4     correlation_id  int32, must match the request's
 *   8       2     error_code      int16
 *   10      4     api_keys count  int32, then 6 bytes per key (key, min, max version)
 * </pre>
 * Any error code counts as an answer (the broker answered); the detail reports it.
 */
public final class KafkaPing implements Probe {
    /** ApiVersions' api key. */
    public static final short API_VERSIONS = 18;
    /** The largest response accepted: a real ApiVersions v0 table is about 500 bytes. */
    static final int MAX_RESPONSE_BYTES = 1 << 20;

    private final String clientId;
    private final AtomicInteger correlationIds = new AtomicInteger();

    /** A ping with client id {@code "crucible-ping"}. */
    public KafkaPing() {
        this("crucible-ping");
    }

    /** A ping with the given client id; null sends a null client id. */
    public KafkaPing(String clientId) {
        if (clientId != null && clientId.getBytes(StandardCharsets.UTF_8).length > Short.MAX_VALUE) {
            throw new IllegalArgumentException("client id longer than " + Short.MAX_VALUE + " bytes");
        }
        this.clientId = clientId;
    }

    /** One ping of {@code broker} with a fresh {@code KafkaPing}. */
    public static ProbeResult ping(InetSocketAddress broker, Duration timeout) {
        return new KafkaPing().probe(broker, timeout);
    }

    @Override
    public ProbeResult probe(InetSocketAddress broker, Duration timeout) {
        int correlationId = correlationIds.incrementAndGet();
        byte[] request = request(correlationId, clientId);
        return ProbeSocket.run(broker, timeout, socket -> {
            socket.write(request);
            byte[] sizeBytes = new byte[4];
            socket.readFully(sizeBytes, 4);
            int size = ByteBuffer.wrap(sizeBytes).getInt();
            if (size < 4 || size > MAX_RESPONSE_BYTES) {
                throw new IOException("not an ApiVersions response: frame size " + size);
            }
            byte[] body = new byte[size];
            socket.readFully(body, size);
            return describe(ByteBuffer.wrap(body), correlationId);
        });
    }

    /** The request frame, size prefix included. */
    static byte[] request(int correlationId, String clientId) {
        byte[] id = clientId == null ? new byte[0] : clientId.getBytes(StandardCharsets.UTF_8);
        ByteBuffer frame = ByteBuffer.allocate(4 + 2 + 2 + 4 + 2 + id.length);
        frame.putInt(frame.capacity() - 4)
                .putShort(API_VERSIONS)
                .putShort((short) 0)
                .putInt(correlationId)
                .putShort(clientId == null ? -1 : (short) id.length)
                .put(id);
        return frame.array();
    }

    private static String describe(ByteBuffer response, int correlationId) throws IOException {
        int answeredId = response.getInt();
        if (answeredId != correlationId) {
            throw new IOException("correlation id " + answeredId + ", expected " + correlationId);
        }
        if (response.remaining() < 2) {
            return "ApiVersions answered, no error code";
        }
        short errorCode = response.getShort();
        String keys = response.remaining() >= 4 ? ", " + response.getInt() + " api keys" : "";
        return "ApiVersions error_code " + errorCode + keys;
    }
}

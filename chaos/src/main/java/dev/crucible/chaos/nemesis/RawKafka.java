package dev.crucible.chaos.nemesis;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

/**
 * One plain socket speaking Kafka frames, for requests no client library would send: bodies are
 * kafka-clients' generated message classes, written at a version both sides speak (learned from an
 * ApiVersions v0 exchange at connect). Every read is bounded by the call's timeout and a frame
 * size limit, so a broker that goes silent or answers nonsense cannot hold the caller.
 *
 * <pre>
 *   request frame:  int32 size | request header (v1, or v2 with tagged fields) | body
 *   response frame: int32 size | response header (v0, or v1 with tagged fields) | body
 * </pre>
 */
final class RawKafka implements AutoCloseable {
    /** The largest response read; a CreateTopics answer for thousands of topics is far below it. */
    static final int MAX_RESPONSE_BYTES = 64 << 20;
    private static final String CLIENT_ID = "crucible-admin-nemesis";

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private final Map<Short, short[]> versions = new HashMap<>();
    private int correlationId;

    private RawKafka(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects and asks which versions the broker speaks. */
    static RawKafka connect(InetSocketAddress address, Duration timeout) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.connect(address, (int) timeout.toMillis());
            RawKafka k = new RawKafka(s);
            ApiVersionsResponseData v = k.call(ApiKeys.API_VERSIONS, (short) 0, new ApiVersionsRequestData(),
                    new ApiVersionsResponseData(), timeout);
            for (ApiVersionsResponseData.ApiVersion a : v.apiKeys()) {
                k.versions.put(a.apiKey(), new short[] {a.minVersion(), a.maxVersion()});
            }
            return k;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** The highest version of {@code api} both sides speak, at most {@code cap}; -1 when there is none. */
    short version(ApiKeys api, short cap) {
        short[] broker = versions.get(api.id);
        if (broker == null) {
            return -1;
        }
        short v = (short) Math.min(Math.min(cap, broker[1]), api.latestVersion());
        return v >= broker[0] && v >= api.oldestVersion() ? v : -1;
    }

    /** A whole frame (size prefix included) of {@code body} at {@code version}. */
    static byte[] frame(ApiKeys api, short version, int correlationId, ApiMessage body) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
                .setCorrelationId(correlationId).setClientId(CLIENT_ID);
        short headerVersion = api.requestHeaderVersion(version);
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(4 + size);
        buf.putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buf);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        return buf.array();
    }

    /** Sends a request and reads its answer into {@code response}, all within {@code timeout}. */
    <T extends ApiMessage> T call(ApiKeys api, short version, ApiMessage body, T response, Duration timeout)
            throws IOException {
        int id = ++correlationId;
        out.write(frame(api, version, id, body));
        out.flush();
        socket.setSoTimeout((int) Math.max(1, timeout.toMillis()));
        int size = in.readInt();
        if (size < 4 || size > MAX_RESPONSE_BYTES) {
            throw new IOException("response frame size " + size);
        }
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        ByteBuffer frame = ByteBuffer.wrap(bytes);
        ResponseHeaderData header = new ResponseHeaderData(new ByteBufferAccessor(frame),
                api == ApiKeys.API_VERSIONS ? (short) 0 : api.responseHeaderVersion(version));
        if (header.correlationId() != id) {
            throw new IOException("correlation id " + header.correlationId() + ", expected " + id);
        }
        response.read(new ByteBufferAccessor(frame), version);
        return response;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.crucible.broker.net;

import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;

/** A bare socket speaking Kafka frames, for tests that need requests no real client would send. */
public final class RawClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int correlationId;

    public RawClient(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(60_000); // a deadline for answers, generous for a loaded machine
        in = new DataInputStream(socket.getInputStream());
        out = socket.getOutputStream();
    }

    /** A whole frame (size prefix included) for {@code body} at {@code version}. */
    public static byte[] frame(ApiKeys api, short version, int correlationId, ApiMessage body) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
            .setCorrelationId(correlationId).setClientId("raw-test");
        short headerVersion = api.requestHeaderVersion(version);
        int size = header.size(cache, headerVersion) + body.size(cache, version);
        ByteBuffer buf = ByteBuffer.allocate(4 + size);
        buf.putInt(size);
        ByteBufferAccessor accessor = new ByteBufferAccessor(buf);
        header.write(accessor, cache, headerVersion);
        body.write(accessor, cache, version);
        return buf.array();
    }

    public void sendRaw(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends a request and reads its response body (parsed at the same version). */
    public <T extends ApiMessage> T call(ApiKeys api, short version, ApiMessage body, T response) throws IOException {
        int id = ++correlationId;
        sendRaw(frame(api, version, id, body));
        ByteBuffer frame = readFrame();
        ResponseHeaderData header = new ResponseHeaderData(new ByteBufferAccessor(frame),
            api == ApiKeys.API_VERSIONS ? 0 : api.responseHeaderVersion(version));
        if (header.correlationId() != id) {
            throw new IOException("correlation id " + header.correlationId() + ", expected " + id);
        }
        response.read(new ByteBufferAccessor(frame), version);
        return response;
    }

    public ByteBuffer readFrame() throws IOException {
        int size = in.readInt();
        byte[] bytes = new byte[size];
        in.readFully(bytes);
        return ByteBuffer.wrap(bytes);
    }

    /** True when the broker closed the connection within the socket timeout. */
    public boolean closedByBroker() throws IOException {
        try {
            while (true) {
                if (in.read() < 0) {
                    return true;
                }
            }
        } catch (EOFException e) {
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by peer
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}

package dev.crucible.broker.protocol;

import dev.crucible.broker.api.FetchRequest;
import dev.crucible.broker.api.ProduceRequest;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * One connection's decoding state: the {@link ProduceRequest} and {@link FetchRequest} its frames are
 * decoded into (reused: a handler reads them before the next frame is parsed) and the strings it has seen ({@link WireStrings}).
 * Used by the connection's network thread only.
 */
public final class RequestDecoder {
    private final WireStrings strings = new WireStrings();
    private final ProduceRequest produce = new ProduceRequest();
    private final FetchRequest fetch = new FetchRequest();

    /**
     * Reads a request header from the buffer's position (api key, version, correlation id, client id; from
     * header v2 a tagged-field section) and returns the client id ("" when null, as kafka-clients has it); the buffer is
     * left at the body.
     */
    String header(ByteBuffer buffer, short headerVersion) {
        try {
            buffer.position(buffer.position() + 8);
            String clientId = headerVersion >= 1 ? strings.nullableString(buffer) : null;
            if (headerVersion >= 2) {
                WireFormat.skipTaggedFields(buffer);
            }
            return clientId == null ? "" : clientId; // as kafka-clients' RequestHeader reads a null client id
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("request header ends inside a field");
        }
    }

    FetchRequest fetch(ByteBuffer body, short version) {
        FetchCodec.decode(body, version, fetch, strings);
        return fetch;
    }

    ProduceRequest produce(ByteBuffer body, short version) {
        ProduceCodec.decode(body, version, produce, strings);
        return produce;
    }
}

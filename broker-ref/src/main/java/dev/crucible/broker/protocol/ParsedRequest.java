package dev.crucible.broker.protocol;

import io.netty.buffer.ByteBuf;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;

import java.nio.ByteBuffer;

/**
 * One request frame: header, then body. Produce and Fetch bodies are decoded by hand ({@link ProduceCodec},
 * {@link FetchCodec}), every
 * other API with kafka-clients' generated classes. The body's record batches stay slices of the frame
 * (no copy).
 *
 * <p>An ApiVersions request of a version newer than ours is answered, as Kafka does, with a v0
 * response carrying UNSUPPORTED_VERSION and the full table, so the client can retry with a version we
 * know ({@link #earlyResponse()}). Any other unknown API or version is an error: the caller closes the
 * connection.
 */
public record ParsedRequest(ApiKeys api, short version, int correlationId, String clientId, short responseHeaderVersion,
                     Object body, ApiMessage earlyResponse) {

    /**
     * Parses one frame with its connection's {@code decoder}. Produce and Fetch bodies go to the hand-written
     * {@link ProduceCodec} and {@link FetchCodec} (into {@code decoder}'s reused requests: read them before the
     * next frame); every other API to kafka-clients' generated classes.
     */
    public static ParsedRequest parse(ByteBuf frame, RequestDecoder decoder) {
        // the frame's own NIO view (no new object for a pooled buffer): used only inside this call; what the body
        // keeps (record batches) are views of their own
        ByteBuffer buffer = frame.nioBufferCount() == 1 ? frame.internalNioBuffer(frame.readerIndex(), frame.readableBytes())
            : copy(frame);
        int base = buffer.position();
        short apiKey = buffer.getShort(base);
        short version = buffer.getShort(base + 2);
        int correlationId = buffer.getInt(base + 4);
        if (!ApiKeys.hasId(apiKey) || !ApiVersionsTable.isAdvertised(ApiKeys.forId(apiKey))) {
            throw new IllegalArgumentException("unknown or unsupported API key " + apiKey + " (correlation id "
                + correlationId + ")");
        }
        ApiKeys api = ApiKeys.forId(apiKey);
        if (api == ApiKeys.API_VERSIONS && version > api.latestVersion()) {
            return new ParsedRequest(api, (short) 0, correlationId, null, (short) 0, null,
                ApiVersionsTable.response(Errors.UNSUPPORTED_VERSION));
        }
        if (!ApiVersionsTable.accepts(api, version)) {
            throw new IllegalArgumentException(api + " version " + version + " is not supported (accepted "
                + ApiVersionsTable.minAccepted(api) + ".." + api.latestVersion() + ")");
        }
        String clientId = decoder.header(buffer, api.requestHeaderVersion(version));
        Object body;
        if (api == ApiKeys.PRODUCE) {
            body = decoder.produce(buffer, version);
        } else if (api == ApiKeys.FETCH) {
            body = decoder.fetch(buffer, version);
        } else {
            ApiMessage message = ApiMessageType.fromApiKey(apiKey).newRequest();
            message.read(new ByteBufferAccessor(buffer), version);
            if (buffer.hasRemaining()) {
                throw new IllegalArgumentException(api + " v" + version + " request has " + buffer.remaining()
                    + " bytes past its end");
            }
            body = message;
        }
        short responseHeaderVersion = api == ApiKeys.API_VERSIONS ? 0 : api.responseHeaderVersion(version);
        return new ParsedRequest(api, version, correlationId, clientId, responseHeaderVersion, body, null);
    }

    private static ByteBuffer copy(ByteBuf frame) {
        ByteBuffer copy = ByteBuffer.allocateDirect(frame.readableBytes());
        frame.getBytes(frame.readerIndex(), copy);
        return copy.flip();
    }
}

package dev.crucible.broker.protocol;

import io.netty.buffer.ByteBuf;
import org.apache.kafka.common.message.ApiMessageType;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.RequestHeader;

import java.nio.ByteBuffer;

/**
 * One request frame, decoded with kafka-clients' generated classes: header, then body. The body's
 * record batches stay slices of the frame (no copy).
 *
 * <p>An ApiVersions request of a version newer than ours is answered, as Kafka does, with a v0
 * response carrying UNSUPPORTED_VERSION and the full table, so the client can retry with a version we
 * know ({@link #earlyResponse()}). Any other unknown API or version is an error: the caller closes the
 * connection.
 */
public record ParsedRequest(ApiKeys api, short version, int correlationId, String clientId, short responseHeaderVersion,
                     ApiMessage body, ApiMessage earlyResponse) {

    public static ParsedRequest parse(ByteBuf frame) {
        ByteBuffer buffer = frame.nioBufferCount() == 1 ? frame.nioBuffer() : copy(frame);
        short apiKey = buffer.getShort(0);
        short version = buffer.getShort(2);
        int correlationId = buffer.getInt(4);
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
        RequestHeader header = RequestHeader.parse(buffer);
        ApiMessage body = ApiMessageType.fromApiKey(apiKey).newRequest();
        ByteBufferAccessor accessor = new ByteBufferAccessor(buffer);
        body.read(accessor, version);
        if (buffer.hasRemaining()) {
            throw new IllegalArgumentException(api + " v" + version + " request has " + buffer.remaining()
                + " bytes past its end");
        }
        short responseHeaderVersion = api == ApiKeys.API_VERSIONS ? 0 : api.responseHeaderVersion(version);
        return new ParsedRequest(api, version, correlationId, header.clientId(), responseHeaderVersion, body, null);
    }

    private static ByteBuffer copy(ByteBuf frame) {
        ByteBuffer copy = ByteBuffer.allocateDirect(frame.readableBytes());
        frame.getBytes(frame.readerIndex(), copy);
        return copy.flip();
    }
}

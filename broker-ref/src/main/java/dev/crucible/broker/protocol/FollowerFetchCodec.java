package dev.crucible.broker.protocol;

import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.message.ResponseHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

import java.nio.ByteBuffer;

/**
 * The wire form of a follower's fetch, the one request a broker sends as a client: a size-prefixed
 * Fetch request frame at {@link #VERSION} (which carries ReplicaState with the broker epoch and
 * LastFetchedEpoch, and is answered with DivergingEpoch), and the parse of its response.
 */
public final class FollowerFetchCodec {
    /** Fetch v15: the first version with ReplicaState (KIP-903); topic ids, LastFetchedEpoch and DivergingEpoch included. */
    public static final short VERSION = 15;

    private FollowerFetchCodec() {
    }

    /** The request frame, size prefix included, ready to write. */
    public static ByteBuffer request(int correlationId, String clientId, FetchRequestData body) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        short headerVersion = ApiKeys.FETCH.requestHeaderVersion(VERSION);
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(ApiKeys.FETCH.id).setRequestApiVersion(VERSION)
            .setCorrelationId(correlationId).setClientId(clientId);
        int size = header.size(cache, headerVersion) + body.size(cache, VERSION);
        ByteBuffer frame = ByteBuffer.allocate(4 + size);
        frame.putInt(size);
        ByteBufferAccessor out = new ByteBufferAccessor(frame);
        header.write(out, cache, headerVersion);
        body.write(out, cache, VERSION);
        frame.flip();
        return frame;
    }

    /**
     * Parses a response frame (without its size prefix). The records of each partition are views of
     * {@code frame}, valid as long as it is not reused.
     *
     * @throws IllegalArgumentException when the frame answers another request or is malformed
     */
    public static FetchResponseData response(ByteBuffer frame, int expectedCorrelationId) {
        try {
            ByteBufferAccessor in = new ByteBufferAccessor(frame);
            ResponseHeaderData header = new ResponseHeaderData(in, ApiKeys.FETCH.responseHeaderVersion(VERSION));
            if (header.correlationId() != expectedCorrelationId) {
                throw new IllegalArgumentException("fetch response for correlation id " + header.correlationId() + ", expected "
                    + expectedCorrelationId);
            }
            return new FetchResponseData(in, VERSION);
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException) {
                throw e;
            }
            throw new IllegalArgumentException("malformed fetch response: " + e, e);
        }
    }
}

package dev.crucible.broker.net;

import dev.crucible.broker.api.FetchResponse;
import dev.crucible.broker.protocol.ParsedRequest;
import io.netty.buffer.ByteBuf;
import dev.crucible.broker.api.ProduceResponse;

/**
 * A request waiting for its turn to be answered; owns the request's frame (produce batches point into
 * it) until the response is written or dropped.
 */
final class PendingResponse {
    private final ParsedRequest request;
    private ByteBuf frame;
    private final int frameBytes;
    private boolean done;
    private Object body;
    private Throwable error;

    PendingResponse(ParsedRequest request, ByteBuf frame, int frameBytes) {
        this.request = request;
        this.frame = frame;
        this.frameBytes = frameBytes;
    }

    /** Size of the request frame, counted against the connection's and the broker's queued bytes. */
    int frameBytes() {
        return frameBytes;
    }

    void complete(Object responseBody, Throwable failure) {
        this.body = responseBody;
        this.error = failure;
        this.done = true;
    }

    boolean isDone() {
        return done;
    }

    ParsedRequest request() {
        return request;
    }

    Object body() {
        return body;
    }

    Throwable error() {
        return error;
    }

    void releaseFrame() {
        if (frame != null) {
            frame.release();
            frame = null;
        }
    }

    /** Frees what an unsent response holds: the file regions of a fetch, a pooled produce answer. */
    void discard() {
        if (body instanceof ProduceResponse produce) {
            produce.recycle();
        } else if (body instanceof FetchResponse fetch) {
            fetch.release();
        }
    }
}

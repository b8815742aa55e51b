package dev.crucible.broker.net;

import dev.crucible.broker.api.RequestContext;
import dev.crucible.broker.api.RequestDispatcher;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.apache.kafka.common.protocol.ApiMessage;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;

/**
 * One client connection: parses each frame, hands it to the {@link RequestDispatcher}, and writes the
 * responses <b>in request order</b> however the handlers' futures complete (Kafka clients match
 * responses to requests by order as well as by correlation id).
 *
 * <p>Requests are pipelined: a produce need not wait for the previous one's fsync, so one connection's
 * appends share group commits. At most {@code maxInFlight} requests wait for their response; past
 * that the connection stops reading until the oldest one is answered. A frame that does not parse, an
 * unknown API or an unsupported version closes the connection, as Kafka does; other connections are
 * not affected.
 */
public final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private final RequestDispatcher dispatcher;
    private final int maxInFlight;
    private final ArrayDeque<PendingResponse> pending = new ArrayDeque<>();
    private ChannelHandlerContext ctx;
    private String clientHost = "unknown";
    private boolean closed;

    public ConnectionHandler(RequestDispatcher dispatcher, int maxInFlight) {
        this.dispatcher = dispatcher;
        this.maxInFlight = maxInFlight;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        this.ctx = context;
        SocketAddress remote = context.channel().remoteAddress();
        if (remote instanceof InetSocketAddress inet) {
            clientHost = "/" + inet.getAddress().getHostAddress();
        }
        super.channelActive(context);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object msg) {
        ByteBuf frame = (ByteBuf) msg;
        if (closed) {
            frame.release();
            return;
        }
        ParsedRequest request;
        try {
            request = ParsedRequest.parse(frame);
        } catch (RuntimeException e) {
            frame.release();
            BrokerLog.warn("closing connection from " + clientHost + ": " + e.getMessage());
            closeNow();
            return;
        }
        RequestContext requestContext = new RequestContext(request.api(), request.version(), request.correlationId(),
            request.clientId(), clientHost);
        CompletableFuture<ApiMessage> response;
        try {
            response = request.earlyResponse() != null
                ? CompletableFuture.completedFuture(request.earlyResponse())
                : dispatcher.dispatch(requestContext, request.body());
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        PendingResponse slot = new PendingResponse(request, frame);
        pending.addLast(slot);
        if (pending.size() >= maxInFlight) {
            context.channel().config().setAutoRead(false);
        }
        response.whenComplete((body, error) -> {
            if (context.executor().inEventLoop()) {
                onComplete(slot, body, error);
            } else {
                context.executor().execute(() -> onComplete(slot, body, error));
            }
        });
    }

    private void onComplete(PendingResponse slot, ApiMessage body, Throwable error) {
        slot.complete(body, error);
        drain();
    }

    /** Writes every answered response at the head of the queue, in order, then flushes once. */
    private void drain() {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peekFirst().isDone()) {
            PendingResponse head = pending.pollFirst();
            head.releaseFrame();
            if (closed) {
                head.discard();
                continue;
            }
            if (head.error() != null) {
                BrokerLog.warn("closing connection from " + clientHost + ": " + head.request().api() + " v"
                    + head.request().version() + " failed: " + head.error());
                head.discard();
                closeNow();
                continue;
            }
            if (head.body() != null) {
                ParsedRequest request = head.request();
                try {
                    ResponseWriter.write(ctx.channel(), request.correlationId(), request.responseHeaderVersion(),
                        head.body(), request.version());
                    wrote = true;
                } catch (RuntimeException e) {
                    BrokerLog.warn("closing connection from " + clientHost + ": cannot encode " + request.api() + " v"
                        + request.version() + " response: " + e);
                    head.discard();
                    closeNow();
                }
            }
        }
        if (wrote) {
            ctx.flush();
        }
        if (!closed && pending.size() < maxInFlight && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void closeNow() {
        if (!closed) {
            closed = true;
            ctx.close();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext context) throws Exception {
        closed = true;
        // answered or not, the frames of requests still pending are released when their futures complete
        super.channelInactive(context);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        if (cause instanceof FrameDecoder.FrameTooLargeException || cause.getCause() instanceof FrameDecoder.FrameTooLargeException) {
            BrokerLog.warn("closing connection from " + clientHost + ": " + rootMessage(cause));
        } else if (!(cause instanceof java.io.IOException)) {
            BrokerLog.warn("closing connection from " + clientHost + ": " + cause);
        }
        closeNow();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}

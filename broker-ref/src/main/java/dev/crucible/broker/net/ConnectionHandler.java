package dev.crucible.broker.net;

import dev.crucible.broker.api.RequestContext;
import dev.crucible.broker.protocol.RequestDispatcher;
import dev.crucible.broker.common.BrokerLog;
import dev.crucible.broker.protocol.ParsedRequest;
import dev.crucible.broker.protocol.RequestDecoder;
import dev.crucible.broker.protocol.ResponseWriter;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
 *
 * <p>Reading also stops while the connection's unanswered requests hold {@code socket.request.max.bytes}
 * or more, and while all connections together hold more than {@code queued.max.request.bytes}
 * ({@link RequestMemory}). A connection idle for {@code connections.max.idle.ms} with nothing
 * unanswered is closed.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private final String listener;
    private final RequestDispatcher dispatcher;
    private final int maxInFlight;
    private final int maxPendingBytes;
    private final RequestMemory memory;
    private final ArrayDeque<PendingResponse> pending = new ArrayDeque<>();
    private final RequestDecoder decoder = new RequestDecoder();
    private final long idleNs;
    private long pendingBytes;
    private boolean mutedByMemory;
    private long lastActivityNs = System.nanoTime();
    private ChannelHandlerContext ctx;
    private String clientHost = "unknown";
    private boolean closed;

    ConnectionHandler(String listener, RequestDispatcher dispatcher, NetLimits limits, RequestMemory memory) {
        this.listener = listener;
        this.dispatcher = dispatcher;
        this.maxInFlight = limits.maxInFlight();
        this.maxPendingBytes = limits.maxFrameBytes();
        this.idleNs = limits.idleMs() > 0 ? TimeUnit.MILLISECONDS.toNanos(limits.idleMs()) : -1;
        this.memory = memory;
    }

    @Override
    public void channelActive(ChannelHandlerContext context) throws Exception {
        this.ctx = context;
        SocketAddress remote = context.channel().remoteAddress();
        if (remote instanceof InetSocketAddress inet) {
            clientHost = "/" + inet.getAddress().getHostAddress();
        }
        if (idleNs > 0) {
            context.executor().schedule(this::checkIdle, idleNs, TimeUnit.NANOSECONDS);
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
        int frameBytes = frame.readableBytes();
        lastActivityNs = System.nanoTime();
        ParsedRequest request;
        try {
            request = ParsedRequest.parse(frame, decoder);
        } catch (RuntimeException e) {
            frame.release();
            BrokerLog.warn("closing connection from " + clientHost + ": " + e.getMessage());
            closeNow();
            return;
        }
        RequestContext requestContext = new RequestContext(request.api(), request.version(), request.correlationId(),
            request.clientId(), clientHost, listener, context.channel().eventLoop());
        CompletableFuture<?> response;
        try {
            response = request.earlyResponse() != null
                ? CompletableFuture.completedFuture(request.earlyResponse())
                : dispatcher.dispatch(requestContext, request.body());
        } catch (RuntimeException e) {
            response = CompletableFuture.failedFuture(e);
        }
        PendingResponse slot = new PendingResponse(request, frame, frameBytes);
        pending.addLast(slot);
        pendingBytes += frameBytes;
        if (memory.acquire(context.channel(), frameBytes)) {
            mutedByMemory = true;
        }
        if (pending.size() >= maxInFlight || pendingBytes >= maxPendingBytes || mutedByMemory) {
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

    private void onComplete(PendingResponse slot, Object body, Throwable error) {
        slot.complete(body, error);
        drain();
    }

    /** Writes every answered response at the head of the queue, in order, then flushes once. */
    private void drain() {
        boolean wrote = false;
        while (!pending.isEmpty() && pending.peekFirst().isDone()) {
            PendingResponse head = pending.pollFirst();
            head.releaseFrame();
            pendingBytes -= head.frameBytes();
            memory.release(head.frameBytes());
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
            lastActivityNs = System.nanoTime();
        }
        resumeIfAllowed();
    }

    private void resumeIfAllowed() {
        if (!closed && pending.size() < maxInFlight && pendingBytes < maxPendingBytes && !mutedByMemory
            && !ctx.channel().config().isAutoRead()) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    /** On the event loop: closes the connection when idle long enough, else looks again when it could be. */
    private void checkIdle() {
        if (closed) {
            return;
        }
        long idleFor = System.nanoTime() - lastActivityNs;
        if (idleFor - idleNs >= 0 && pending.isEmpty()) { // a long poll in progress is not idleness
            BrokerLog.info("closing connection from " + clientHost + ": idle past connections.max.idle.ms");
            closeNow();
            return;
        }
        ctx.executor().schedule(this::checkIdle, Math.max(idleNs - idleFor, idleNs / 10), TimeUnit.NANOSECONDS);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext context, Object event) throws Exception {
        if (event == RequestMemory.Resume.INSTANCE) {
            mutedByMemory = false;
            resumeIfAllowed();
        } else {
            super.userEventTriggered(context, event);
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
        memory.forget(context.channel());
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

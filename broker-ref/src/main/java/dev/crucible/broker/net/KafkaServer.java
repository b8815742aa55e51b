package dev.crucible.broker.net;

import dev.crucible.broker.protocol.RequestDispatcher;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;

import java.net.InetSocketAddress;

/**
 * One listening socket: Netty with the native epoll transport where it loads (sendfile for fetches,
 * fewer copies), NIO otherwise. Each connection gets a {@link FrameDecoder} and a
 * {@link ConnectionHandler}.
 */
public final class KafkaServer implements AutoCloseable {
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final String transport;

    private KafkaServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel, String transport) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
        this.transport = transport;
    }

    /**
     * Binds and starts serving one listener; {@code host} empty means every interface, port 0 a free port.
     * Its connections, request memory and event loops are its own; every request carries {@code listener}
     * (the handlers answer with that listener's addresses).
     */
    public static KafkaServer start(String listener, String host, int port, int threads, NetLimits limits,
                                    RequestDispatcher dispatcher) throws InterruptedException {
        ConnectionLimiter connections = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerIp());
        RequestMemory memory = new RequestMemory(limits.queuedMaxBytes());
        boolean epoll = Epoll.isAvailable() && !Boolean.getBoolean("crucible.broker.nio");
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(threads, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Class<? extends ServerSocketChannel> channelClass = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        try {
            ServerBootstrap bootstrap = new ServerBootstrap()
                .group(boss, workers)
                .channel(channelClass)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast("limits", connections);
                        ch.pipeline().addLast("frames", new FrameDecoder(limits.maxFrameBytes()));
                        ch.pipeline().addLast("requests", new ConnectionHandler(listener, dispatcher, limits, memory));
                    }
                });
            InetSocketAddress address = host == null || host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
            Channel channel = bootstrap.bind(address).sync().channel();
            return new KafkaServer(boss, workers, channel, epoll ? "epoll" : "nio");
        } catch (InterruptedException | RuntimeException e) {
            boss.shutdownGracefully();
            workers.shutdownGracefully();
            throw e;
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    public String transport() {
        return transport;
    }

    /** Stops accepting, closes every connection and waits for the event loops to end. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        boss.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}

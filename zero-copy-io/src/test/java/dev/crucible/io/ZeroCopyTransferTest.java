package dev.crucible.io;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FileRegion;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Fetch-shaped sends over real loopback sockets on every Netty transport: slices of the log go out as
 * {@link SharedFileRegion}s (sendfile), arrive byte for byte, and releasing them leaves the segment's
 * shared channel open for the next fetch.
 */
class ZeroCopyTransferTest {
    @TempDir
    Path dir;
    private final CachedEpochClock clock = new CachedEpochClock();
    private final GroupCommitWriter writer = TestLogs.writer(clock);

    @AfterEach
    void stop() {
        writer.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll"})
    void slicesTravelAsFileRegionsAndTheSegmentStaysOpen(String transport) throws Exception {
        assumeTrue(!transport.equals("epoll") || Epoll.isAvailable(), "epoll is not available on this machine");
        List<String> expected = new ArrayList<>();
        List<FileRegion> regions = new ArrayList<>();
        long total = 0;
        try (Log log = Log.open(dir, LogConfig.DEFAULT.withIndexIntervalBytes(1024), writer)) {
            for (int i = 0; i < 500; i++) {
                log.appendAsync(Batches.batch(1, "m" + i, "n" + i)).get();
                expected.add((2 * i) + ":m" + i);
                expected.add((2 * i + 1) + ":n" + i);
            }
            FetchSlice slice = new FetchSlice();
            for (long next = 0; next < log.logEndOffset(); next = slice.nextOffset()) {
                log.read(next, 3000, slice);
                regions.add(slice.toFileRegion());
                total += slice.length();
            }
            byte[] received = sendThrough(transport, regions, total);
            assertThat(Batches.decode(ByteBuffer.wrap(received))).containsExactlyElementsOf(expected);
            assertThat(regions).allSatisfy(r -> assertThat(r.refCnt()).isZero());
            assertThat(slice.channel().isOpen()).as("segment channel survives region release").isTrue();
            assertThat(TestLogs.readAll(log, 0, 1 << 20)).containsExactlyElementsOf(expected);
        }
    }

    private static byte[] sendThrough(String transport, List<FileRegion> regions, long total) throws Exception {
        boolean epoll = transport.equals("epoll");
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> serverType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        Class<? extends Channel> clientType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, io);
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        CompletableFuture<byte[]> done = new CompletableFuture<>();
        try {
            Channel server = new ServerBootstrap().group(group).channel(serverType)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.eventLoop().execute(() -> {
                            for (FileRegion region : regions) {
                                ch.write(region);
                            }
                            ch.flush();
                        });
                    }
                }).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Channel client = new Bootstrap().group(group).channel(clientType)
                .handler(new SimpleChannelInboundHandler<ByteBuf>() {
                    @Override
                    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf msg) {
                        byte[] bytes = new byte[msg.readableBytes()];
                        msg.readBytes(bytes);
                        received.write(bytes, 0, bytes.length);
                        if (received.size() >= total) {
                            done.complete(received.toByteArray());
                        }
                    }
                }).connect(server.localAddress()).sync().channel();
            byte[] bytes = done.get(30, TimeUnit.SECONDS);
            client.close().sync();
            server.close().sync();
            // the writes complete (and release their regions) before the last byte can arrive
            return bytes;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }
}

package dev.crucible.bench;

import dev.crucible.broker.api.BrokerContext;
import dev.crucible.broker.api.RequestContext;
import dev.crucible.broker.protocol.RequestDispatcher;
import dev.crucible.broker.config.BrokerConfig;
import dev.crucible.broker.log.AdmissionFactory;
import dev.crucible.broker.log.Topic;
import dev.crucible.broker.log.Topics;
import dev.crucible.broker.protocol.ParsedRequest;
import dev.crucible.broker.protocol.RequestDecoder;
import dev.crucible.io.GroupCommitWriter;
import io.netty.buffer.ByteBuf;
import org.apache.kafka.common.message.RequestHeaderData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ApiMessage;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.protocol.ObjectSerializationCache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/**
 * broker-ref's request path without the socket: topics on a real disk under {@code crucible.bench.dir},
 * the standard request handlers, and helpers to encode a request frame the way a client would.
 */
final class ScratchBroker implements AutoCloseable {
    final Path dir;
    final GroupCommitWriter writer;
    final Topics topics;
    final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
    final RequestDispatcher dispatcher;
    private final RequestDecoder decoder = new RequestDecoder();

    ScratchBroker(String prefix, Map<String, String> settings) throws IOException {
        Path base = Path.of(System.getProperty(ScratchLog.DIR_PROPERTY, "target"));
        Files.createDirectories(base);
        dir = Files.createTempDirectory(base, prefix);
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("log.dirs", dir.toString());
        BrokerConfig config = BrokerConfig.fromMap(all);
        writer = GroupCommitWriter.start();
        topics = Topics.open(dir, writer, config.topicDefaults(), AdmissionFactory.NONE);
        BrokerContext context = new BrokerContext(config, "bench", topics, Runnable::run, timers, () -> 9092);
        dispatcher = RequestDispatcher.standard(context, () -> 1L);
    }

    Topic createTopic(String name) throws IOException {
        return topics.create(name, 1, Map.of());
    }

    /** A whole request frame (without the size prefix, as the frame decoder hands it on). */
    static ByteBuffer frame(ApiKeys api, short version, ApiMessage body) {
        ObjectSerializationCache cache = new ObjectSerializationCache();
        RequestHeaderData header = new RequestHeaderData().setRequestApiKey(api.id).setRequestApiVersion(version)
            .setCorrelationId(1).setClientId("bench");
        short headerVersion = api.requestHeaderVersion(version);
        ByteBuffer buf = ByteBuffer.allocate(header.size(cache, headerVersion) + body.size(cache, version));
        ByteBufferAccessor out = new ByteBufferAccessor(buf);
        header.write(out, cache, headerVersion);
        body.write(out, cache, version);
        return buf.flip();
    }

    /** Parses {@code frame} and runs it through the handlers, as a connection would (one thread at a time). */
    CompletableFuture<?> dispatch(ByteBuf frame) {
        ParsedRequest request = ParsedRequest.parse(frame, decoder);
        return dispatcher.dispatch(new RequestContext(request.api(), request.version(), request.correlationId(),
            request.clientId(), "/127.0.0.1"), request.body());
    }

    @Override
    public void close() {
        timers.shutdownNow();
        topics.close();
        writer.close();
        ScratchLog.deleteTree(dir);
    }
}

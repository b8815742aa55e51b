package dev.crucible.broker.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.broker.api.FetchResponse;
import dev.crucible.broker.api.FileRecordsRegion;
import io.netty.buffer.ByteBuf;
import io.netty.channel.DefaultFileRegion;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.ByteBufferAccessor;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.SimpleRecord;
import org.apache.kafka.common.requests.ResponseHeader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fetch response with file regions goes out byte for byte as kafka-clients would write it, the records by sendfile. */
class ResponseWriterTest {
    @TempDir
    Path dir;

    @Test
    void fileRegionsAreSentInPlaceAndTakeNoRoomInTheBuffer() throws IOException {
        List<MemoryRecords> batches = new ArrayList<>();
        Path segment = dir.resolve("segment.log");
        try (FileChannel ch = FileChannel.open(segment, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            for (int p = 0; p < 3; p++) {
                SimpleRecord[] records = new SimpleRecord[50];
                for (int i = 0; i < records.length; i++) {
                    records[i] = new SimpleRecord(("p" + p + " record " + i + " " + "x".repeat(900)).getBytes(StandardCharsets.UTF_8));
                }
                MemoryRecords batch = MemoryRecords.withRecords(Compression.NONE, records);
                batches.add(batch);
                ch.write(batch.buffer().duplicate());
            }
        }
        Uuid id = Uuid.randomUuid();
        FetchResponse response = new FetchResponse();
        FetchResponse.Topic topic = response.addTopic("", id);
        FetchResponseData expected = new FetchResponseData().setSessionId(0);
        expected.responses().add(new FetchResponseData.FetchableTopicResponse().setTopicId(id));
        long position = 0;
        int regionBytes = 0;
        for (int p = 0; p < 3; p++) {
            int size = batches.get(p).sizeInBytes();
            FileRecordsRegion region = new FileRecordsRegion(new DefaultFileRegion(segment.toFile(), position, size));
            topic.addPartition(p, (short) 0, 150, 150, 0).records(region);
            expected.responses().get(0).partitions().add(new FetchResponseData.PartitionData().setPartitionIndex(p)
                .setHighWatermark(150).setLastStableOffset(150).setLogStartOffset(0).setRecords(batches.get(p)));
            position += size;
            regionBytes += size;
        }
        short version = ApiKeys.FETCH.latestVersion();
        assertThat(FetchCodec.regionBytes(response)).isEqualTo(regionBytes);

        EmbeddedChannel channel = new EmbeddedChannel();
        int[] largest = new int[1];
        channel.config().setAllocator(new io.netty.buffer.AbstractByteBufAllocator(true) {
            @Override
            protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
                largest[0] = Math.max(largest[0], initialCapacity);
                return io.netty.buffer.Unpooled.directBuffer(initialCapacity, maxCapacity);
            }

            @Override
            protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
                largest[0] = Math.max(largest[0], initialCapacity);
                return io.netty.buffer.Unpooled.buffer(initialCapacity, maxCapacity);
            }

            @Override
            public boolean isDirectBufferPooled() {
                return false;
            }
        });
        int written = ResponseWriter.write(channel, 77, ApiKeys.FETCH.responseHeaderVersion(version), response, version);
        channel.flushOutbound();

        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        int bufferBytes = 0;
        int regions = 0;
        Object msg;
        while ((msg = channel.readOutbound()) != null) {
            if (msg instanceof ByteBuf buf) {
                bufferBytes += buf.readableBytes();
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                wire.write(bytes);
                buf.release();
            } else {
                DefaultFileRegion region = (DefaultFileRegion) msg;
                region.transferTo(Channels.newChannel(wire), 0);
                region.release();
                regions++;
            }
        }
        assertThat(regions).isEqualTo(3);
        assertThat(largest[0]).as("buffer allocated for the frame").isLessThan(300);
        assertThat(bufferBytes).isEqualTo(written - regionBytes).isLessThan(300);
        assertThat(written).isEqualTo(wire.size());

        ByteBuffer frame = ByteBuffer.wrap(wire.toByteArray());
        assertThat(frame.getInt()).isEqualTo(written - 4);
        ResponseHeader header = ResponseHeader.parse(frame, ApiKeys.FETCH.responseHeaderVersion(version));
        assertThat(header.correlationId()).isEqualTo(77);
        FetchResponseData parsed = new FetchResponseData(new ByteBufferAccessor(frame), version);
        assertThat(frame.hasRemaining()).isFalse();
        assertThat(parsed).isEqualTo(expected);
    }
}

package dev.crucible.broker.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import org.apache.kafka.common.Uuid;
import org.junit.jupiter.api.Test;

/**
 * The request and response objects reused across requests keep only what an ordinary request needs: one huge
 * request (a frame may hold millions of partitions) must not pin its arrays to a connection, or its answer to the
 * pool, for good.
 */
class ReusedMessagesTest {
    @Test
    void aHugeProduceRequestsArraysAreDroppedAtTheNextRequest() {
        ProduceRequest request = new ProduceRequest();
        request.reset(null, (short) 1, 1000);
        ProduceRequest.Topic topic = request.addTopic("t", Uuid.ZERO_UUID);
        topic.addPartition(0, ByteBuffer.allocate(1));
        request.reset(null, (short) 1, 1000);
        int ordinary = request.retainedSlots();

        topic = request.addTopic("t", Uuid.ZERO_UUID);
        for (int p = 0; p < 100_000; p++) {
            topic.addPartition(p, null);
        }
        assertThat(request.retainedSlots()).isGreaterThan(100_000);
        request.reset(null, (short) 1, 1000);
        assertThat(request.retainedSlots()).isLessThanOrEqualTo(ordinary);

        for (int t = 0; t < 10_000; t++) {
            request.addTopic("t" + t, Uuid.ZERO_UUID);
        }
        request.reset(null, (short) 1, 1000);
        assertThat(request.retainedSlots()).isLessThanOrEqualTo(ordinary);
        assertThat(request.topicCount()).isZero();
    }

    @Test
    void aHugeFetchRequestsArraysAreDroppedAtTheNextRequest() {
        FetchRequest request = new FetchRequest();
        request.reset(-1, 500, 1, 1 << 20, (byte) 0, 0, -1);
        FetchRequest.Topic topic = request.addTopic("t", Uuid.ZERO_UUID);
        for (int p = 0; p < 50_000; p++) {
            topic.addPartition(p);
        }
        FetchRequest.Topic forgotten = request.addForgotten("f", Uuid.ZERO_UUID);
        for (int p = 0; p < 50_000; p++) {
            forgotten.addPartition(p);
        }
        assertThat(request.retainedSlots()).isGreaterThan(100_000);
        request.reset(-1, 500, 1, 1 << 20, (byte) 0, 0, -1);
        assertThat(request.retainedSlots()).isLessThan(100);
        assertThat(request.topicCount()).isZero();
        assertThat(request.forgottenCount()).isZero();
    }

    @Test
    void onlyOrdinaryProduceAnswersGoBackToThePool() {
        ProduceResponse ordinary = ProduceResponse.take();
        ordinary.addTopic("t", Uuid.ZERO_UUID).addPartition(0);
        assertThat(ordinary.recycle()).isTrue();
        assertThat(ordinary.recycle()).as("a second recycle is ignored").isFalse();

        ProduceResponse huge = ProduceResponse.take();
        ProduceResponse.TopicAnswer topic = huge.addTopic("t", Uuid.ZERO_UUID);
        for (int p = 0; p < 10_000; p++) {
            topic.addPartition(p);
        }
        assertThat(huge.recycle()).isFalse();
    }
}

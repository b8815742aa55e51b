package dev.crucible.broker.api;

import java.nio.ByteBuffer;
import org.apache.kafka.common.Uuid;

/**
 * A Produce request as the handler sees it: the fields of every version broker-ref serves (3 to 13),
 * filled by the protocol layer's hand-written decoder into arrays that are reused from one request to
 * the next (one instance per connection), so decoding allocates nothing but the records' views.
 *
 * <p>Read it only inside {@link RequestHandler#handle}: the next request on the connection overwrites
 * it. Arrays grown past {@value #KEEP_AT_MOST} entries are dropped at the next request, so a connection keeps
 * only what an ordinary request needs. The records views themselves are fresh per partition and may be kept (they point into the
 * request frame, which lives until the response is written).
 */
public final class ProduceRequest {
    /** Above this many topics or partitions of one topic, the arrays a request grew are not kept for the next one. */
    static final int KEEP_AT_MOST = 256;

    private String transactionalId;
    private short acks;
    private int timeoutMs;
    private int topicCount;
    private Topic[] topics = new Topic[2];

    /** One topic of the request; {@code name} before v13, {@code id} from v13 ({@link Uuid#ZERO_UUID} before). */
    public static final class Topic {
        private String name;
        private Uuid id = Uuid.ZERO_UUID;
        private int partitionCount;
        // grown on the first partition: a topic without partitions costs only this object
        private int[] indexes = new int[0];
        private ByteBuffer[] records = new ByteBuffer[0];

        public String name() {
            return name;
        }

        public Uuid id() {
            return id;
        }

        public int partitionCount() {
            return partitionCount;
        }

        public int partitionIndex(int i) {
            return indexes[i];
        }

        /** The i-th partition's record batches from position to limit, or null when the request sent none. */
        public ByteBuffer records(int i) {
            return records[i];
        }

        /** The decoder's setters. */
        public void reset(String topicName, Uuid topicId) {
            this.name = topicName;
            this.id = topicId;
            for (int i = 0; i < partitionCount; i++) {
                records[i] = null; // let the previous request's views go
            }
            this.partitionCount = 0;
        }

        public void addPartition(int index, ByteBuffer batches) {
            if (partitionCount == indexes.length) {
                int n = Math.max(4, partitionCount * 2);
                indexes = java.util.Arrays.copyOf(indexes, n);
                records = java.util.Arrays.copyOf(records, n);
            }
            indexes[partitionCount] = index;
            records[partitionCount] = batches;
            partitionCount++;
        }
    }

    public String transactionalId() {
        return transactionalId;
    }

    public short acks() {
        return acks;
    }

    public int timeoutMs() {
        return timeoutMs;
    }

    public int topicCount() {
        return topicCount;
    }

    public Topic topic(int i) {
        return topics[i];
    }

    /** Starts a new request: the decoder's first call. */
    public void reset(String transactional, short requiredAcks, int timeout) {
        boolean oversized = topics.length > KEEP_AT_MOST;
        for (int i = 0; i < topicCount; i++) {
            oversized |= topics[i].indexes.length > KEEP_AT_MOST;
            topics[i].reset(null, Uuid.ZERO_UUID);
        }
        if (oversized) { // one huge request must not pin its arrays to the connection for good
            topics = new Topic[2];
        }
        this.transactionalId = transactional;
        this.acks = requiredAcks;
        this.timeoutMs = timeout;
        this.topicCount = 0;
    }

    /** The next topic, reused from an earlier request when there was one. */
    public Topic addTopic(String name, Uuid id) {
        if (topicCount == topics.length) {
            topics = java.util.Arrays.copyOf(topics, topicCount * 2);
        }
        Topic t = topics[topicCount];
        if (t == null) {
            t = new Topic();
            topics[topicCount] = t;
        }
        t.reset(name, id);
        topicCount++;
        return t;
    }

    /** Array slots this request keeps for the next one (topics, and partitions of each topic it holds). */
    int retainedSlots() {
        int slots = topics.length;
        for (Topic t : topics) {
            slots += t == null ? 0 : t.indexes.length;
        }
        return slots;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("ProduceRequest(acks=").append(acks).append(", timeoutMs=").append(timeoutMs)
            .append(", transactionalId=").append(transactionalId).append(", topics=[");
        for (int t = 0; t < topicCount; t++) {
            Topic topic = topics[t];
            s.append(t == 0 ? "" : ", ").append(topic.name != null ? topic.name : topic.id).append(" partitions ");
            for (int p = 0; p < topic.partitionCount; p++) {
                s.append(p == 0 ? "" : ",").append(topic.indexes[p]);
            }
        }
        return s.append("])").toString();
    }
}

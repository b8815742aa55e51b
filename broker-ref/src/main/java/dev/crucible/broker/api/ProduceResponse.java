package dev.crucible.broker.api;

import java.util.Arrays;
import org.agrona.concurrent.ManyToManyConcurrentArrayQueue;
import org.apache.kafka.common.Uuid;

/**
 * A Produce response under construction, pooled: the handler takes one per request, the log writer and
 * the replicas fill each partition's answer, the connection writes it (the protocol layer's hand-written
 * encoder) and gives it back. Its topics and partition answers are kept for the next request, so a
 * steady stream of produce requests allocates no response objects.
 */
public final class ProduceResponse {
    private static final Pool POOL = new Pool();

    private int topicCount;
    private TopicAnswer[] topics = new TopicAnswer[2];
    private final NodeEndpoints endpoints = new NodeEndpoints();
    private boolean pooled;

    /** A response from the pool, empty. */
    public static ProduceResponse take() {
        ProduceResponse r = POOL.take();
        r.pooled = false;
        return r;
    }

    /**
     * Returns this response to the pool (a second call is ignored); nothing may touch it afterwards. False when
     * it was too large to keep (more than {@value ProduceRequest#KEEP_AT_MOST} topics, or partitions in a topic).
     */
    public boolean recycle() {
        if (pooled) {
            return false;
        }
        pooled = true;
        boolean oversized = topics.length > ProduceRequest.KEEP_AT_MOST;
        for (int t = 0; t < topicCount; t++) {
            oversized |= topics[t].partitions.length > ProduceRequest.KEEP_AT_MOST;
            topics[t].reset(null, Uuid.ZERO_UUID);
        }
        topicCount = 0;
        endpoints.clear();
        if (oversized) { // the pool keeps only ordinary answers: a huge one would pin its objects for good
            return false;
        }
        POOL.give(this);
        return true;
    }

    /** One topic's answers. */
    public static final class TopicAnswer {
        private String name;
        private Uuid id = Uuid.ZERO_UUID;
        private int partitionCount;
        private PartitionAnswer[] partitions = new PartitionAnswer[4];

        void reset(String topicName, Uuid topicId) {
            this.name = topicName;
            this.id = topicId;
            this.partitionCount = 0;
        }

        public String name() {
            return name;
        }

        public Uuid id() {
            return id;
        }

        public int partitionCount() {
            return partitionCount;
        }

        public PartitionAnswer partition(int i) {
            return partitions[i];
        }

        /** The next partition's answer, with Kafka's defaults: no error, every offset and time -1, no leader hint. */
        public PartitionAnswer addPartition(int index) {
            if (partitionCount == partitions.length) {
                partitions = Arrays.copyOf(partitions, partitionCount * 2);
            }
            PartitionAnswer p = partitions[partitionCount];
            if (p == null) {
                p = new PartitionAnswer();
                partitions[partitionCount] = p;
            }
            p.reset(index);
            partitionCount++;
            return p;
        }
    }

    /** One partition's answer. */
    public static final class PartitionAnswer {
        private int index;
        private short errorCode;
        private long baseOffset;
        private long logAppendTimeMs;
        private long logStartOffset;
        private String errorMessage;
        private int leaderId;
        private int leaderEpoch;

        void reset(int partitionIndex) {
            this.index = partitionIndex;
            this.errorCode = 0;
            this.baseOffset = -1;
            this.logAppendTimeMs = -1;
            this.logStartOffset = -1;
            this.errorMessage = null;
            this.leaderId = -1;
            this.leaderEpoch = -1;
        }

        public int index() {
            return index;
        }

        public short errorCode() {
            return errorCode;
        }

        public long baseOffset() {
            return baseOffset;
        }

        public long logAppendTimeMs() {
            return logAppendTimeMs;
        }

        public long logStartOffset() {
            return logStartOffset;
        }

        /** Null: none (and always none before v8, which has no field for it). */
        public String errorMessage() {
            return errorMessage;
        }

        public int leaderId() {
            return leaderId;
        }

        public int leaderEpoch() {
            return leaderEpoch;
        }

        public PartitionAnswer error(short code, String message) {
            this.errorCode = code;
            this.errorMessage = message;
            return this;
        }

        public PartitionAnswer offsets(long base, long appendTimeMs, long logStart) {
            this.baseOffset = base;
            this.logAppendTimeMs = appendTimeMs;
            this.logStartOffset = logStart;
            return this;
        }

        public PartitionAnswer baseOffset(long base) {
            this.baseOffset = base;
            return this;
        }

        /** KIP-951: who leads the partition now (sent from v10). */
        public PartitionAnswer currentLeader(int id, int epoch) {
            this.leaderId = id;
            this.leaderEpoch = epoch;
            return this;
        }
    }

    public int topicCount() {
        return topicCount;
    }

    public TopicAnswer topic(int i) {
        return topics[i];
    }

    public TopicAnswer addTopic(String name, Uuid id) {
        if (topicCount == topics.length) {
            topics = Arrays.copyOf(topics, topicCount * 2);
        }
        TopicAnswer t = topics[topicCount];
        if (t == null) {
            t = new TopicAnswer();
            topics[topicCount] = t;
        }
        t.reset(name, id);
        topicCount++;
        return t;
    }

    /** KIP-951: the endpoints of the leaders named in the answers (sent from Produce v10, Fetch v16). */
    public NodeEndpoints endpoints() {
        return endpoints;
    }

    /** Responses ready for reuse; bounded (beyond it a returned one is left to the garbage collector). */
    private static final class Pool {
        private static final int CAPACITY = 1024;
        private final ManyToManyConcurrentArrayQueue<ProduceResponse> free = new ManyToManyConcurrentArrayQueue<>(CAPACITY);

        ProduceResponse take() {
            ProduceResponse r = free.poll();
            return r != null ? r : new ProduceResponse();
        }

        void give(ProduceResponse r) {
            free.offer(r);
        }
    }
}

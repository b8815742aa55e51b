package dev.crucible.broker.api;

import java.util.Arrays;
import org.apache.kafka.common.Uuid;

/**
 * A Fetch response as the handlers build it and the protocol layer's hand-written encoder writes it:
 * topics in request order, each partition's offsets and error, the records as a {@link FileRecordsRegion}
 * (sent by sendfile) or none, and the KIP-951 leader hints. Every field broker-ref never sets (throttle
 * time, session id, aborted transactions, preferred read replica, snapshot id) is written at Kafka's
 * default by the encoder.
 */
public final class FetchResponse {
    private int topicCount;
    private Topic[] topics = new Topic[2];
    private final NodeEndpoints endpoints = new NodeEndpoints();

    /** One topic's partitions. */
    public static final class Topic {
        private final String name;
        private final Uuid id;
        private int count;
        private Partition[] partitions = new Partition[2];

        Topic(String name, Uuid id) {
            this.name = name;
            this.id = id;
        }

        public String name() {
            return name;
        }

        public Uuid id() {
            return id;
        }

        public int partitionCount() {
            return count;
        }

        public Partition partition(int i) {
            return partitions[i];
        }

        public Partition addPartition(int index, short errorCode, long highWatermark, long lastStableOffset, long logStartOffset) {
            if (count == partitions.length) {
                partitions = Arrays.copyOf(partitions, count * 2);
            }
            Partition p = new Partition(index, errorCode, highWatermark, lastStableOffset, logStartOffset);
            partitions[count++] = p;
            return p;
        }
    }

    /** One partition's answer; the diverging epoch and the leader are -1 (not sent) unless set. */
    public static final class Partition {
        private final int index;
        private short errorCode;
        private final long highWatermark;
        private final long lastStableOffset;
        private final long logStartOffset;
        private int divergingEpoch = -1;
        private long divergingEndOffset = -1;
        private int leaderId = -1;
        private int leaderEpoch = -1;
        private FileRecordsRegion records;

        Partition(int index, short errorCode, long highWatermark, long lastStableOffset, long logStartOffset) {
            this.index = index;
            this.errorCode = errorCode;
            this.highWatermark = highWatermark;
            this.lastStableOffset = lastStableOffset;
            this.logStartOffset = logStartOffset;
        }

        public int index() {
            return index;
        }

        public short errorCode() {
            return errorCode;
        }

        public long highWatermark() {
            return highWatermark;
        }

        public long lastStableOffset() {
            return lastStableOffset;
        }

        public long logStartOffset() {
            return logStartOffset;
        }

        public int divergingEpoch() {
            return divergingEpoch;
        }

        public long divergingEndOffset() {
            return divergingEndOffset;
        }

        public int leaderId() {
            return leaderId;
        }

        public int leaderEpoch() {
            return leaderEpoch;
        }

        /** Null: no records (sent as empty records). */
        public FileRecordsRegion records() {
            return records;
        }

        public Partition errorCode(short code) {
            this.errorCode = code;
            return this;
        }

        /** KIP-320: where the follower's history parts from the leader's (tagged, v12+). */
        public Partition diverging(int epoch, long endOffset) {
            this.divergingEpoch = epoch;
            this.divergingEndOffset = endOffset;
            return this;
        }

        /** KIP-951: who leads the partition now (tagged, v12+). */
        public Partition currentLeader(int id, int epoch) {
            this.leaderId = id;
            this.leaderEpoch = epoch;
            return this;
        }

        public Partition records(FileRecordsRegion region) {
            this.records = region;
            return this;
        }
    }

    public int topicCount() {
        return topicCount;
    }

    public Topic topic(int i) {
        return topics[i];
    }

    public Topic addTopic(String name, Uuid id) {
        if (topicCount == topics.length) {
            topics = Arrays.copyOf(topics, topicCount * 2);
        }
        Topic t = new Topic(name, id);
        topics[topicCount++] = t;
        return t;
    }

    /** KIP-951: the endpoints of the leaders named in the answers (sent from Produce v10, Fetch v16). */
    public NodeEndpoints endpoints() {
        return endpoints;
    }

    /** Frees the records regions of a response that will not be sent. */
    public void release() {
        for (int t = 0; t < topicCount; t++) {
            Topic topic = topics[t];
            for (int p = 0; p < topic.count; p++) {
                FileRecordsRegion region = topic.partitions[p].records;
                if (region != null) {
                    region.release();
                }
            }
        }
    }
}

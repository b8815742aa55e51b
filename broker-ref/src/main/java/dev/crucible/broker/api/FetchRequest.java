package dev.crucible.broker.api;

import java.util.Arrays;
import org.apache.kafka.common.Uuid;

/**
 * A Fetch request as the handler sees it: every field of the versions broker-ref serves (4 to 18),
 * filled by the protocol layer's hand-written decoder into arrays reused from one request to the next
 * (one instance per connection). Read it only inside {@link RequestHandler#handle}: the next request on
 * the connection overwrites it. Arrays grown past {@value #KEEP_AT_MOST} entries are dropped at the next
 * request, so a connection keeps only what an ordinary request needs.
 *
 * <p>The replica's id and epoch come from {@code ReplicaId} before v15 and from the tagged
 * {@code ReplicaState} from v15 on; {@link #replicaId()} is -1 for a consumer either way.
 */
public final class FetchRequest {
    /** Above this many topics or partitions of one topic, the arrays a request grew are not kept for the next one. */
    static final int KEEP_AT_MOST = 256;
    private static final int[] NO_INTS = new int[0];
    private static final long[] NO_LONGS = new long[0];
    private static final Uuid[] NO_IDS = new Uuid[0];

    private int replicaId;
    private long replicaEpoch;
    private int maxWaitMs;
    private int minBytes;
    private int maxBytes;
    private byte isolationLevel;
    private int sessionId;
    private int sessionEpoch;
    private String rackId;
    private String clusterId;
    private int topicCount;
    private Topic[] topics = new Topic[2];
    private int forgottenCount;
    private Topic[] forgotten = new Topic[0];

    /** One topic: its name before v13, its id from v13 ({@link Uuid#ZERO_UUID} before), and its partitions. */
    public static final class Topic {
        private String name;
        private Uuid id = Uuid.ZERO_UUID;
        private int count;
        // grown on the first partition: a topic without partitions (3 bytes on the wire) costs only this object
        private int[] partition = NO_INTS;
        private int[] currentLeaderEpoch = NO_INTS;
        private long[] fetchOffset = NO_LONGS;
        private int[] lastFetchedEpoch = NO_INTS;
        private long[] logStartOffset = NO_LONGS;
        private int[] partitionMaxBytes = NO_INTS;
        private Uuid[] replicaDirectoryId = NO_IDS;
        private long[] highWatermark = NO_LONGS;

        void reset(String topicName, Uuid topicId) {
            this.name = topicName;
            this.id = topicId;
            Arrays.fill(replicaDirectoryId, 0, count, null);
            this.count = 0;
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

        public int partition(int i) {
            return partition[i];
        }

        /** -1 when the version has none or the client knows none. */
        public int currentLeaderEpoch(int i) {
            return currentLeaderEpoch[i];
        }

        public long fetchOffset(int i) {
            return fetchOffset[i];
        }

        /** -1 when the version has none (before v12). */
        public int lastFetchedEpoch(int i) {
            return lastFetchedEpoch[i];
        }

        public long logStartOffset(int i) {
            return logStartOffset[i];
        }

        public int partitionMaxBytes(int i) {
            return partitionMaxBytes[i];
        }

        /** A follower's log directory (tagged, v17+): {@link Uuid#ZERO_UUID} when not sent. */
        public Uuid replicaDirectoryId(int i) {
            return replicaDirectoryId[i] == null ? Uuid.ZERO_UUID : replicaDirectoryId[i];
        }

        /** A follower's high watermark (tagged, v18+): Long.MAX_VALUE when not sent, as kafka-clients reads it. */
        public long highWatermark(int i) {
            return highWatermark[i];
        }

        /** The decoder's: one partition with every field at its default; returns its position. */
        public int addPartition(int index) {
            if (count == partition.length) {
                int n = Math.max(4, count * 2);
                partition = Arrays.copyOf(partition, n);
                currentLeaderEpoch = Arrays.copyOf(currentLeaderEpoch, n);
                fetchOffset = Arrays.copyOf(fetchOffset, n);
                lastFetchedEpoch = Arrays.copyOf(lastFetchedEpoch, n);
                logStartOffset = Arrays.copyOf(logStartOffset, n);
                partitionMaxBytes = Arrays.copyOf(partitionMaxBytes, n);
                replicaDirectoryId = Arrays.copyOf(replicaDirectoryId, n);
                highWatermark = Arrays.copyOf(highWatermark, n);
            }
            int i = count++;
            partition[i] = index;
            currentLeaderEpoch[i] = -1;
            fetchOffset[i] = 0;
            lastFetchedEpoch[i] = -1;
            logStartOffset[i] = -1;
            partitionMaxBytes[i] = 0;
            replicaDirectoryId[i] = null;
            highWatermark[i] = Long.MAX_VALUE;
            return i;
        }

        public void set(int i, int leaderEpoch, long offset, int fetchedEpoch, long logStart, int maxBytesOfPartition) {
            currentLeaderEpoch[i] = leaderEpoch;
            fetchOffset[i] = offset;
            lastFetchedEpoch[i] = fetchedEpoch;
            logStartOffset[i] = logStart;
            partitionMaxBytes[i] = maxBytesOfPartition;
        }

        public void replicaDirectoryId(int i, Uuid directory) {
            replicaDirectoryId[i] = directory;
        }

        public void highWatermark(int i, long followerHighWatermark) {
            highWatermark[i] = followerHighWatermark;
        }
    }

    public int replicaId() {
        return replicaId;
    }

    public long replicaEpoch() {
        return replicaEpoch;
    }

    public int maxWaitMs() {
        return maxWaitMs;
    }

    public int minBytes() {
        return minBytes;
    }

    public int maxBytes() {
        return maxBytes;
    }

    public byte isolationLevel() {
        return isolationLevel;
    }

    public int sessionId() {
        return sessionId;
    }

    public int sessionEpoch() {
        return sessionEpoch;
    }

    /** "" when the version has none. */
    public String rackId() {
        return rackId;
    }

    /** Tagged (v12+); null when not sent. */
    public String clusterId() {
        return clusterId;
    }

    public int topicCount() {
        return topicCount;
    }

    public Topic topic(int i) {
        return topics[i];
    }

    /** Topics a fetch session should forget (v7+; broker-ref keeps no sessions, so it only reads them). */
    public int forgottenCount() {
        return forgottenCount;
    }

    public Topic forgotten(int i) {
        return forgotten[i];
    }

    /** Starts a new request: the decoder's first call. Defaults are kafka-clients' for fields a version lacks. */
    public void reset(int replica, int maxWait, int min, int max, byte isolation, int session, int epochOfSession) {
        boolean oversized = topics.length > KEEP_AT_MOST || forgotten.length > KEEP_AT_MOST;
        for (int i = 0; i < topicCount; i++) {
            oversized |= topics[i].partition.length > KEEP_AT_MOST;
            topics[i].reset(null, Uuid.ZERO_UUID);
        }
        for (int i = 0; i < forgottenCount; i++) {
            oversized |= forgotten[i].partition.length > KEEP_AT_MOST;
            forgotten[i].reset(null, Uuid.ZERO_UUID);
        }
        if (oversized) { // one huge request must not pin its arrays to the connection for good
            topics = new Topic[2];
            forgotten = new Topic[0];
        }
        this.replicaId = replica;
        this.replicaEpoch = -1;
        this.maxWaitMs = maxWait;
        this.minBytes = min;
        this.maxBytes = max;
        this.isolationLevel = isolation;
        this.sessionId = session;
        this.sessionEpoch = epochOfSession;
        this.rackId = "";
        this.clusterId = null;
        this.topicCount = 0;
        this.forgottenCount = 0;
    }

    public void replicaState(int replica, long epoch) {
        this.replicaId = replica;
        this.replicaEpoch = epoch;
    }

    public void rackId(String rack) {
        this.rackId = rack;
    }

    public void clusterId(String cluster) {
        this.clusterId = cluster;
    }

    /** Array slots this request keeps for the next one (topics, and partitions of each topic it holds). */
    int retainedSlots() {
        int slots = topics.length + forgotten.length;
        for (Topic t : topics) {
            slots += t == null ? 0 : t.partition.length;
        }
        for (Topic t : forgotten) {
            slots += t == null ? 0 : t.partition.length;
        }
        return slots;
    }

    public Topic addTopic(String name, Uuid id) {
        if (topicCount == topics.length) {
            topics = Arrays.copyOf(topics, topicCount * 2);
        }
        return next(topics, topicCount++, name, id);
    }

    public Topic addForgotten(String name, Uuid id) {
        if (forgottenCount == forgotten.length) {
            forgotten = Arrays.copyOf(forgotten, Math.max(2, forgottenCount * 2));
        }
        return next(forgotten, forgottenCount++, name, id);
    }

    private static Topic next(Topic[] array, int i, String name, Uuid id) {
        Topic t = array[i];
        if (t == null) {
            t = new Topic();
            array[i] = t;
        }
        t.reset(name, id);
        return t;
    }
}

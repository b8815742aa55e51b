package dev.crucible.broker.quorum;

import java.nio.ByteBuffer;

/** The read-only queries a node sends to the active controller: a heartbeat, or "the image, if newer than mine". */
final class QueryCodec {
    static final byte HEARTBEAT = 1;
    static final byte IMAGE = 2;
    static final byte STATUS_ACTIVE = 0;
    static final byte STATUS_FENCED = 1;
    static final byte STATUS_UNKNOWN_EPOCH = 2;
    static final byte IMAGE_UNCHANGED = 0;
    static final byte IMAGE_FOLLOWS = 1;

    private QueryCodec() {
    }

    static byte[] heartbeat(int brokerId, long brokerEpoch, long appliedIndex) {
        return ByteBuffer.allocate(21).put(HEARTBEAT).putInt(brokerId).putLong(brokerEpoch).putLong(appliedIndex).array();
    }

    static byte[] imageSince(long appliedIndex) {
        return ByteBuffer.allocate(9).put(IMAGE).putLong(appliedIndex).array();
    }
}

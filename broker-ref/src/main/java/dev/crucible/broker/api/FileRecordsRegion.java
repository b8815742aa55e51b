package dev.crucible.broker.api;

import io.netty.channel.FileRegion;
import org.apache.kafka.common.record.internal.BaseRecords;
import org.apache.kafka.common.record.internal.RecordsSend;

/**
 * The records of one fetched partition as a slice of a segment file, carried inside kafka-clients'
 * generated {@code FetchResponseData} so that its serializer counts the bytes (as zero-copy bytes) and
 * the protocol layer's response writer sends them with {@code sendfile} instead of copying them.
 *
 * <p>Owns one reference of its region until the response is written; {@link #release()} frees it when
 * a response is dropped instead.
 */
public final class FileRecordsRegion implements BaseRecords {
    private final FileRegion region;
    private final int sizeInBytes;
    private boolean handedOver;

    public FileRecordsRegion(FileRegion region) {
        this.region = region;
        this.sizeInBytes = Math.toIntExact(region.count());
    }

    @Override
    public int sizeInBytes() {
        return sizeInBytes;
    }

    /** Not used: Kafka's own network layer is not involved. */
    @Override
    public RecordsSend<? extends BaseRecords> toSend() {
        throw new UnsupportedOperationException("broker-ref sends file regions through Netty");
    }

    /** The region, for one send; afterwards the channel owns the reference. */
    public FileRegion handOver() {
        if (handedOver) {
            throw new IllegalStateException("records region already sent");
        }
        handedOver = true;
        return region;
    }

    /** Frees the region if it was never sent. */
    public void release() {
        if (!handedOver) {
            handedOver = true;
            region.release();
        }
    }
}

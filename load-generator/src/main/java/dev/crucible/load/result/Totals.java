package dev.crucible.load.result;

/**
 * Running totals of a run over every worker's latest status: messages sent, acknowledged, failed,
 * received (and of those, received without Crucible's stamp), and bytes sent and received.
 */
public record Totals(long sent, long acked, long sendErrors, long consumed, long foreign, long bytesSent,
        long bytesConsumed) {

    /** Messages acknowledged but not yet received, per subscription. */
    public long backlog(int subscriptions) {
        return Math.max(0, acked * subscriptions - consumedStamped());
    }

    /** Received messages that carry Crucible's stamp. */
    public long consumedStamped() {
        return consumed - foreign;
    }
}

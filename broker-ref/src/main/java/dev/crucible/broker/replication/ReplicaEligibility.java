package dev.crucible.broker.replication;

import dev.crucible.broker.metadata.BrokerRegistration;
import dev.crucible.broker.metadata.MetadataImage;

/**
 * Which brokers may join an in-sync set, from the metadata image (KIP-903): a broker that is
 * registered, not fenced, and fetching with the epoch of its current registration. A fetch with an
 * older broker epoch comes from an earlier life of that broker (its disk may have been replaced) and
 * counts for nothing.
 */
public interface ReplicaEligibility {
    /** True when {@code brokerId}, fetching with {@code brokerEpoch} (-1: not sent), may join the ISR. */
    boolean eligible(int brokerId, long brokerEpoch);

    /** True when {@code brokerEpoch} is older than the broker's registration: the fetch is refused. */
    boolean stale(int brokerId, long brokerEpoch);

    /** The rules above over one image. */
    static ReplicaEligibility of(MetadataImage image) {
        return new ReplicaEligibility() {
            @Override
            public boolean eligible(int brokerId, long brokerEpoch) {
                BrokerRegistration b = image.broker(brokerId);
                return b != null && !b.fenced() && (brokerEpoch < 0 || b.epoch() == brokerEpoch);
            }

            @Override
            public boolean stale(int brokerId, long brokerEpoch) {
                BrokerRegistration b = image.broker(brokerId);
                return brokerEpoch >= 0 && b != null && brokerEpoch < b.epoch();
            }
        };
    }
}

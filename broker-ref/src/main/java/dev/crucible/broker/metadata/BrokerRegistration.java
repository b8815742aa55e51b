package dev.crucible.broker.metadata;

import org.apache.kafka.common.Uuid;

import java.util.List;

/**
 * A broker as the cluster knows it. The epoch is the Raft index of the registration that made this
 * incarnation known (KRaft's broker epoch): a restarted broker process registers with a new
 * incarnation and gets a new, larger epoch, so commands carrying the old one are refused.
 *
 * @param endpoints the listeners clients use (the first is the one given out in Metadata)
 * @param fenced    a fenced broker leads nothing and is not placed in new assignments
 */
public record BrokerRegistration(int id, Uuid incarnation, long epoch, List<Endpoint> endpoints, String rack, boolean fenced) {
    public BrokerRegistration {
        endpoints = List.copyOf(endpoints);
    }

    BrokerRegistration withFenced(boolean value) {
        return new BrokerRegistration(id, incarnation, epoch, endpoints, rack, value);
    }

    /** The endpoint of the named listener, or the first one when none has that name. */
    public Endpoint endpoint(String listener) {
        for (Endpoint e : endpoints) {
            if (e.listener().equals(listener)) {
                return e;
            }
        }
        return endpoints.isEmpty() ? null : endpoints.get(0);
    }
}

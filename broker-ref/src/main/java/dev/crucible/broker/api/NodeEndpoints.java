package dev.crucible.broker.api;

import java.util.Arrays;

/** The leaders' endpoints a Produce or Fetch answer carries (KIP-951), one per node, in the order first named. */
public final class NodeEndpoints {
    private int count;
    private NodeEndpoint[] endpoints = new NodeEndpoint[0];

    public int count() {
        return count;
    }

    public NodeEndpoint get(int i) {
        return endpoints[i];
    }

    /** Adds a leader's endpoint unless one for that node is there already. */
    public void add(NodeEndpoint endpoint) {
        for (int i = 0; i < count; i++) {
            if (endpoints[i].nodeId() == endpoint.nodeId()) {
                return;
            }
        }
        if (count == endpoints.length) {
            endpoints = Arrays.copyOf(endpoints, Math.max(2, count * 2));
        }
        endpoints[count++] = endpoint;
    }

    void clear() {
        Arrays.fill(endpoints, 0, count, null);
        count = 0;
    }
}

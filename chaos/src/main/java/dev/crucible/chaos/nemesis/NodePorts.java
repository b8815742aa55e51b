package dev.crucible.chaos.nemesis;

/**
 * The ports a launched node uses inside its network namespace for the cluster's own traffic: its controller
 * quorum's and the one other brokers replicate from (Kafka's inter-broker listener). Port faults cut these and
 * nothing else, so clients and the remaining links carry on.
 */
public record NodePorts(int controller, int replication) {
    public NodePorts {
        if (controller < 1 || controller > 65_535 || replication < 1 || replication > 65_535 || controller == replication) {
            throw new IllegalArgumentException("bad node ports: controller " + controller + ", replication " + replication);
        }
    }
}

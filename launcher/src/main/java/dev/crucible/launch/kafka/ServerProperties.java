package dev.crucible.launch.kafka;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The {@code server.properties} of one node: a combined broker+controller on loopback with a static
 * controller quorum of every node, replication of internal topics capped by the node count, no
 * initial rebalance delay, then the spec's overrides.
 */
final class ServerProperties {

    private ServerProperties() {}

    /** Settings of node {@code index} (0-based; its node.id is index + 1), in file order. */
    static Map<String, String> of(KafkaPeerSpec spec, int index, Path logDir) {
        int replicas = Math.min(3, spec.nodes());
        String minIsr = Integer.toString(Math.min(2, replicas));
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(index + 1));
        p.put("controller.quorum.voters", voters(spec));
        if (spec.placement().isEmpty()) {
            p.put("listeners", "PLAINTEXT://127.0.0.1:" + spec.clientPort(index)
                    + ",CONTROLLER://127.0.0.1:" + spec.controllerPort(index));
            p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + spec.advertisedPort(index));
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "PLAINTEXT");
        } else {
            // Nodes reach each other on their own addresses; clients come in through EXTERNAL, which
            // hands out the host-side address in front of it (a proxy on 127.0.0.1).
            String host = spec.host(index);
            p.put("listeners", "INTERNAL://" + host + ":" + spec.clientPort(index)
                    + ",EXTERNAL://" + host + ":" + spec.externalPort(index)
                    + ",CONTROLLER://" + host + ":" + spec.controllerPort(index));
            String external = spec.advertisedPorts().isEmpty() ? host + ":" + spec.externalPort(index)
                    : "127.0.0.1:" + spec.advertisedPort(index);
            p.put("advertised.listeners", "INTERNAL://" + host + ":" + spec.clientPort(index)
                    + ",EXTERNAL://" + external);
            p.put("listener.security.protocol.map", "INTERNAL:PLAINTEXT,EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT");
            p.put("inter.broker.listener.name", "INTERNAL");
        }
        p.put("controller.listener.names", "CONTROLLER");
        p.put("log.dirs", logDir.toAbsolutePath().toString());
        p.put("num.partitions", "1");
        p.put("offsets.topic.replication.factor", Integer.toString(replicas));
        p.put("transaction.state.log.replication.factor", Integer.toString(replicas));
        p.put("transaction.state.log.min.isr", minIsr);
        // Share groups (4.x); 3.x logs these as unknown and carries on.
        p.put("share.coordinator.state.topic.replication.factor", Integer.toString(replicas));
        p.put("share.coordinator.state.topic.min.isr", minIsr);
        p.put("group.initial.rebalance.delay.ms", "0");
        p.putAll(spec.overrides());
        return p;
    }

    /** The settings as properties-file text. */
    static String text(Map<String, String> settings) {
        StringBuilder out = new StringBuilder("# Written by Crucible's peer launcher.\n");
        settings.forEach((key, value) ->
                out.append(key).append('=').append(value.replace("\\", "\\\\")).append('\n'));
        return out.toString();
    }

    private static String voters(KafkaPeerSpec spec) {
        StringJoiner voters = new StringJoiner(",");
        for (int i = 0; i < spec.nodes(); i++) {
            voters.add((i + 1) + "@" + spec.host(i) + ":" + spec.controllerPort(i));
        }
        return voters.toString();
    }
}

package dev.crucible.broker.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The listener keys as Kafka reads them: {@code listeners}, {@code advertised.listeners},
 * {@code listener.security.protocol.map}, {@code controller.listener.names} and
 * {@code inter.broker.listener.name}. Listener names are upper-cased (Kafka normalises them so);
 * every listener speaks PLAINTEXT.
 *
 * @param all         every entry of {@code listeners}, the controller's included, in order
 * @param data        the entries that serve the Kafka protocol, in order; the first is the primary one
 * @param interBroker the name of the data listener other brokers use to reach this one
 */
record Listeners(List<ClusterConfig.Listener> all, List<DataListener> data, String interBroker) {
    static final String DEFAULT_LISTENERS = "PLAINTEXT://:9092";
    /** Kafka's default protocol map; a controller listener missing from it is PLAINTEXT. */
    private static final Set<String> PROTOCOLS = Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");

    Listeners {
        all = List.copyOf(all);
        data = List.copyOf(data);
    }

    static Listeners parse(BrokerConfig.Values r) {
        String controllerNames = r.string("controller.listener.names", "CONTROLLER");
        List<ClusterConfig.Listener> all = entries(r.string("listeners", DEFAULT_LISTENERS), "listeners");
        Map<String, ClusterConfig.Listener> byPort = new LinkedHashMap<>();
        for (ClusterConfig.Listener l : all) {
            ClusterConfig.Listener before = l.port() == 0 ? null : byPort.putIfAbsent(String.valueOf(l.port()), l);
            if (before != null) {
                throw new IllegalArgumentException("listeners: " + before.name() + " and " + l.name() + " are both on port " + l.port()
                    + "; each listener needs a port of its own");
            }
        }
        checkProtocols(all, controllerNames, r.string("listener.security.protocol.map", ""));
        Map<String, ClusterConfig.Listener> advertised = new LinkedHashMap<>();
        String advertisedText = r.string("advertised.listeners", null);
        if (advertisedText != null && !advertisedText.isBlank()) {
            for (ClusterConfig.Listener a : entries(advertisedText, "advertised.listeners")) {
                if (ClusterConfig.isControllerListener(a.name(), controllerNames)) {
                    continue; // the quorum's address comes from controller.quorum.voters
                }
                if (all.stream().noneMatch(l -> l.name().equals(a.name()))) {
                    throw new IllegalArgumentException("advertised.listeners: " + a.name() + " is not a listener of listeners ("
                        + names(all) + ")");
                }
                advertised.put(a.name(), a);
            }
        }
        List<DataListener> data = new ArrayList<>();
        for (ClusterConfig.Listener l : all) {
            if (ClusterConfig.isControllerListener(l.name(), controllerNames)) {
                continue;
            }
            ClusterConfig.Listener a = advertised.getOrDefault(l.name(), l);
            data.add(new DataListener(l.name(), l.host(), l.port(), reachable(a.host()), a.port()));
        }
        if (data.isEmpty()) {
            throw new IllegalArgumentException("listeners: every listener is a controller listener (" + controllerNames
                + "); clients need one more, e.g. PLAINTEXT://:9092");
        }
        String interBroker = data.get(0).name();
        String named = r.string("inter.broker.listener.name", null);
        if (named != null && !named.isBlank()) {
            interBroker = normalised(named);
            String wanted = interBroker;
            if (data.stream().noneMatch(d -> d.name().equals(wanted))) {
                throw new IllegalArgumentException("inter.broker.listener.name: " + named.trim() + " is not "
                    + (ClusterConfig.isControllerListener(wanted, controllerNames) ? "a data listener (it is the controller's)"
                    : "a listener of listeners") + "; one of " + String.join(", ", data.stream().map(DataListener::name).toList()));
            }
        }
        return new Listeners(all, data, interBroker);
    }

    /** An advertised host clients can use: an empty or wildcard host becomes localhost. */
    private static String reachable(String host) {
        return host.isEmpty() || host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
    }

    /**
     * Every listener must speak PLAINTEXT: by the protocol map when it is set (and then every listener must
     * be in it, as Kafka requires), else by its name (a controller listener is PLAINTEXT).
     */
    private static void checkProtocols(List<ClusterConfig.Listener> all, String controllerNames, String mapText) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : mapText.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            String[] kv = pair.trim().split(":");
            if (kv.length != 2 || kv[0].isBlank() || kv[1].isBlank()) {
                throw new IllegalArgumentException("listener.security.protocol.map: expected NAME:PROTOCOL, got '" + pair.trim() + "'");
            }
            map.put(normalised(kv[0]), kv[1].trim().toUpperCase(Locale.ROOT));
        }
        for (ClusterConfig.Listener l : all) {
            String protocol;
            if (!map.isEmpty()) {
                protocol = map.get(l.name());
                if (protocol == null) {
                    throw new IllegalArgumentException("listener.security.protocol.map: no entry for listener " + l.name()
                        + " (when the map is set it must name every listener, e.g. " + l.name() + ":PLAINTEXT)");
                }
            } else if (PROTOCOLS.contains(l.name())) {
                protocol = l.name();
            } else if (ClusterConfig.isControllerListener(l.name(), controllerNames)) {
                protocol = "PLAINTEXT";
            } else {
                throw new IllegalArgumentException("listener.security.protocol.map: listener " + l.name() + " has no security protocol;"
                    + " set listener.security.protocol.map, e.g. " + l.name() + ":PLAINTEXT");
            }
            if (!protocol.equals("PLAINTEXT")) {
                throw new IllegalArgumentException("listeners: only PLAINTEXT listeners are supported, got " + l.name()
                    + (protocol.equals(l.name()) ? "" : " (" + protocol + ")"));
            }
        }
    }

    /** Every NAME://HOST:PORT entry of a listeners key, names upper-cased; a name twice is refused. */
    static List<ClusterConfig.Listener> entries(String text, String key) {
        List<ClusterConfig.Listener> out = new ArrayList<>();
        for (String entry : text.split(",")) {
            String first = entry.trim();
            if (first.isEmpty()) {
                continue;
            }
            int scheme = first.indexOf("://");
            if (scheme < 1) {
                throw new IllegalArgumentException(key + ": expected NAME://HOST:PORT (e.g. PLAINTEXT://:9092), got '" + first + "'");
            }
            String hostPort = first.substring(scheme + 3);
            int colon = hostPort.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(key + ": missing port in '" + first + "'");
            }
            String host = hostPort.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            String name = normalised(first.substring(0, scheme));
            if (out.stream().anyMatch(l -> l.name().equals(name))) {
                throw new IllegalArgumentException(key + ": listener name " + name + " appears twice");
            }
            out.add(new ClusterConfig.Listener(name, host, port(hostPort.substring(colon + 1), key)));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(key + ": no listener in '" + text + "'");
        }
        return out;
    }

    /**
     * {@code listeners} with the primary data listener (the first that is not a controller's) moved to
     * {@code port}, the others unchanged: what {@code --port} does.
     */
    static String withPrimaryPort(String listeners, String controllerNames, int port) {
        List<String> out = new ArrayList<>();
        boolean moved = false;
        for (ClusterConfig.Listener l : entries(listeners, "listeners")) {
            boolean primary = !moved && !ClusterConfig.isControllerListener(l.name(), controllerNames);
            moved |= primary;
            String host = l.host().contains(":") ? "[" + l.host() + "]" : l.host();
            out.add(l.name() + "://" + host + ":" + (primary ? port : l.port()));
        }
        if (!moved) {
            out.add(0, "PLAINTEXT://:" + port);
        }
        return String.join(",", out);
    }

    private static String normalised(String name) {
        return name.trim().toUpperCase(Locale.ROOT);
    }

    private static String names(List<ClusterConfig.Listener> listeners) {
        return String.join(", ", listeners.stream().map(ClusterConfig.Listener::name).toList());
    }

    private static int port(String text, String key) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": port must be 0..65535, got '" + text + "'", e);
        }
    }
}

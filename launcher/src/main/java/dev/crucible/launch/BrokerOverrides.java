package dev.crucible.launch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Server settings for every broker Crucible launches ({@code --broker-config KEY=VALUE} of bench and
 * chaos), applied after Crucible's own so they win. {@code embedded:KEY=VALUE} applies to broker-ref
 * nodes only, {@code kafka:KEY=VALUE} to Apache Kafka nodes only. A key given twice for a kind keeps its
 * last value. Keys that place the nodes (ports, node ids, data directories, quorum) are Crucible's and
 * refused.
 *
 * @param given the settings as given, each {@code [SCOPE:]KEY=VALUE}
 */
public record BrokerOverrides(List<String> given) {

    /** No settings. */
    public static final BrokerOverrides NONE = new BrokerOverrides(List.of());

    /** The target kinds a setting may be scoped to. */
    public static final Set<String> SCOPES = Set.of("embedded", "kafka");

    /** Keys Crucible sets from the layout of the nodes it launches (broker-ref's and Kafka's names). */
    public static final Set<String> LAYOUT_KEYS = Set.of("node.id", "broker.id", "log.dirs", "log.dir", "listeners",
            "advertised.listeners", "listener.security.protocol.map", "inter.broker.listener.name", "controller.listener.names",
            "process.roles", "controller.quorum.voters", "controller.quorum.bootstrap.servers");

    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._-]+");

    /** Checks every setting and copies the list; IllegalArgumentException names the bad one. */
    public BrokerOverrides {
        given = List.copyOf(given);
        given.forEach(BrokerOverrides::parse);
    }

    /** One setting, split. */
    private record Setting(String scope, String key, String value) {}

    private static Setting parse(String text) {
        String usage = "--broker-config " + text + ": ";
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new IllegalArgumentException(usage + "use KEY=VALUE or embedded:KEY=VALUE / kafka:KEY=VALUE");
        }
        String left = text.substring(0, eq);
        String value = text.substring(eq + 1);
        String scope = null;
        int colon = left.indexOf(':');
        if (colon >= 0) {
            scope = left.substring(0, colon);
            left = left.substring(colon + 1);
            if (!SCOPES.contains(scope)) {
                throw new IllegalArgumentException(usage + "'" + scope + ":' is not a target kind; scope a setting to embedded:"
                        + " or kafka: (or give KEY=VALUE for every broker)");
            }
        }
        if (left.isEmpty()) {
            throw new IllegalArgumentException(usage + "the key is empty");
        }
        if (!KEY.matcher(left).matches()) {
            throw new IllegalArgumentException(usage + "a key is letters, digits, '.', '_' and '-', not '" + left + "'");
        }
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(usage + "a value is one line");
        }
        if (LAYOUT_KEYS.contains(left)) {
            throw new IllegalArgumentException(usage + "Crucible sets " + left + " itself (ports, node ids, data directories"
                    + " and quorum of the brokers it launches)");
        }
        return new Setting(scope, left, value);
    }

    /** The settings of {@code args} (null: none). */
    public static BrokerOverrides of(List<String> args) {
        return args == null ? NONE : new BrokerOverrides(args);
    }

    /** Whether there are none. */
    public boolean isEmpty() {
        return given.isEmpty();
    }

    /** Whether a setting is scoped to {@code kind} or to every broker. */
    private static boolean appliesTo(Setting s, String kind) {
        return s.scope() == null || s.scope().equals(kind);
    }

    /**
     * The settings of a launched target of {@code kind} ({@code embedded} or {@code kafka}), in the order
     * given, a key given twice keeping its last value; empty for targets Crucible does not launch.
     */
    public Map<String, String> forKind(String kind) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String text : given) {
            Setting s = parse(text);
            if (SCOPES.contains(kind) && appliesTo(s, kind)) {
                m.remove(s.key());
                m.put(s.key(), s.value());
            }
        }
        return m;
    }

    /** broker-ref's command-line options for these settings: {@code --set KEY=VALUE} each. */
    public List<String> embeddedOptions() {
        List<String> options = new ArrayList<>();
        forKind("embedded").forEach((k, v) -> options.addAll(List.of("--set", k + "=" + v)));
        return options;
    }

    /**
     * IllegalArgumentException when there are settings but none of {@code targets} is one Crucible
     * launches (embedded, kafka:VERSION, with or without /N).
     */
    public void requireLaunched(List<String> targets) {
        if (isEmpty()) {
            return;
        }
        boolean launched = targets.stream().anyMatch(t -> t.equals("embedded") || t.startsWith("embedded/") || t.startsWith("kafka:"));
        if (!launched) {
            throw new IllegalArgumentException("--broker-config applies to the brokers Crucible launches (embedded,"
                    + " kafka:VERSION), not to " + String.join(", ", targets));
        }
    }
}

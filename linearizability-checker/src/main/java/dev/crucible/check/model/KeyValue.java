package dev.crucible.check.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A key-value store of strings with get, put and append (Porcupine's kv test): each key starts
 * as "" and is independent of the others, so the history is checked key by key.
 */
public final class KeyValue implements Model {
    @Override
    public Object init() {
        return "";
    }

    @Override
    public Object step(Object state, Operation op) {
        String v = op.value() == null ? "" : op.value().toString();
        return switch (op.f()) {
            case "get" -> op.crashed() || Objects.equals(state, v) ? state : null;
            case "put" -> v;
            case "append" -> state + v;
            default -> throw new IllegalArgumentException("kv has no operation '" + op.f() + "' (" + op.describe() + ")");
        };
    }

    @Override
    public List<List<Operation>> partition(List<Operation> ops) {
        Map<Object, List<Operation>> byKey = new LinkedHashMap<>();
        for (Operation o : ops) {
            if (o.key() == null) {
                throw new IllegalArgumentException("kv operations need a key: " + o.describe());
            }
            byKey.computeIfAbsent(o.key(), k -> new ArrayList<>()).add(o);
        }
        return new ArrayList<>(byKey.values());
    }

    @Override
    public String name() {
        return "kv";
    }
}

package dev.crucible.check.model;

import java.util.List;
import java.util.Objects;

/**
 * A register with read, write and compare-and-set ({@code :cas [old new]}). Knossos's
 * cas-register: initial 0, and an ok read of nil means "unknown" (always legal). The etcd variant
 * (Porcupine's test): initial nil (key absent), and a read of nil is legal only while absent.
 * A plain register is the same without cas.
 */
public final class CasRegister implements Model {
    private final String name;
    private final Object initial;
    private final boolean nilReadIsUnknown;

    /**
     * @param name the model's name
     * @param initial the initial value (null: absent)
     * @param nilReadIsUnknown whether an ok read of nil is always legal
     */
    public CasRegister(String name, Object initial, boolean nilReadIsUnknown) {
        this.name = name;
        this.initial = Nil.wrap(initial);
        this.nilReadIsUnknown = nilReadIsUnknown;
    }

    @Override
    public Object init() {
        return initial;
    }

    @Override
    public Object step(Object state, Operation op) {
        Object v = op.value();
        switch (op.f()) {
            case "read":
                if (op.crashed() || (v == null && nilReadIsUnknown)) {
                    return state;
                }
                return Objects.equals(state, Nil.wrap(v)) ? state : null;
            case "write":
                return Nil.wrap(v);
            case "cas":
                if (!(v instanceof List<?> pair) || pair.size() != 2) {
                    throw new IllegalArgumentException("cas needs [old new], got " + v + " in " + op.describe());
                }
                return Objects.equals(state, Nil.wrap(pair.get(0))) ? Nil.wrap(pair.get(1)) : null;
            default:
                throw new IllegalArgumentException(name + " has no operation '" + op.f() + "' (" + op.describe() + ")");
        }
    }

    @Override
    public String name() {
        return name;
    }
}

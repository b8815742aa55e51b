package dev.crucible.check.model;

/** A lock: acquire succeeds only when free, release only when held. Initially free. */
public final class Mutex implements Model {
    @Override
    public Object init() {
        return Boolean.FALSE;
    }

    @Override
    public Object step(Object state, Operation op) {
        boolean held = (Boolean) state;
        return switch (op.f()) {
            case "acquire" -> held ? null : Boolean.TRUE;
            case "release" -> held ? Boolean.FALSE : null;
            default -> throw new IllegalArgumentException("mutex has no operation '" + op.f() + "'");
        };
    }

    @Override
    public String name() {
        return "mutex";
    }

    @Override
    public String show(Object state) {
        return (Boolean) state ? "held" : "free";
    }
}

package dev.crucible.check.history;

import java.util.Locale;

/** Jepsen's event types: an invocation and its three kinds of completion. */
public enum OpType {
    /** The client began the operation. */
    INVOKE,
    /** It took effect, with this result. */
    OK,
    /** It certainly did not take effect. */
    FAIL,
    /** Unknown: it may take effect at any point after its invocation, or never. */
    INFO;

    /** The name as histories spell it ("invoke", "ok", ...). */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses "invoke" / ":invoke" and the like; null when it is none of them. */
    public static OpType parse(String s) {
        String t = s.startsWith(":") ? s.substring(1) : s;
        return switch (t) {
            case "invoke" -> INVOKE;
            case "ok" -> OK;
            case "fail" -> FAIL;
            case "info" -> INFO;
            default -> null;
        };
    }
}

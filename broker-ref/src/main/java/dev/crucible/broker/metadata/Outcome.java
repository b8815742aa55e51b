package dev.crucible.broker.metadata;

import org.apache.kafka.common.protocol.Errors;

import java.util.List;

/**
 * What applying a command said: Kafka's error for a refusal (with a message a user can act on), or
 * NONE with the command's value (a broker epoch, a first producer id, a new partition epoch); a
 * command made of parts ({@link Command.CreateTopics}) has one outcome per part.
 */
public record Outcome(Errors error, String message, long value, List<Outcome> parts) {
    public Outcome {
        parts = List.copyOf(parts);
    }

    public Outcome(Errors error, String message, long value) {
        this(error, message, value, List.of());
    }

    public static Outcome ok(long value) {
        return new Outcome(Errors.NONE, null, value);
    }

    public static Outcome refused(Errors error, String message) {
        return new Outcome(error, message, -1);
    }

    public boolean isOk() {
        return error == Errors.NONE;
    }

    @Override
    public String toString() {
        return isOk() ? "ok(" + value + ")" : error.name() + ": " + message;
    }
}

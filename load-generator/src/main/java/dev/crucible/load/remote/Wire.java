package dev.crucible.load.remote;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.time.Duration;

/**
 * The JSON mapping of the coordinator-worker protocol (records of dev.crucible.load.agent, the
 * workload among them). Coordinator and workers run the same build. Durations travel as ISO-8601
 * text ({@code "PT50S"}, exact to the nanosecond); a payload file's bytes as base64; unknown fields
 * are ignored.
 */
final class Wire {
    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .registerModule(new SimpleModule("crucible-wire")
                    .addSerializer(Duration.class, ToStringSerializer.instance)
                    .addDeserializer(Duration.class, new DurationText()));

    /** Request body of start. */
    record StartRequest(String runId, long startAtNs, long measureFromNs, long endNs) {}

    /** Request body of abort. */
    record AbortRequest(String runId, String why) {}

    /** Error body. */
    record ErrorBody(String error) {}

    /** A duration from its ISO-8601 text. */
    private static final class DurationText extends StdScalarDeserializer<Duration> {
        private static final long serialVersionUID = 1L;

        DurationText() {
            super(Duration.class);
        }

        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            try {
                return Duration.parse(p.getValueAsString());
            } catch (RuntimeException e) {
                return (Duration) ctxt.handleWeirdStringValue(Duration.class, p.getValueAsString(), "not an ISO-8601 duration");
            }
        }
    }

    private Wire() {}
}

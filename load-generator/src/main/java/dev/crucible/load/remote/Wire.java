package dev.crucible.load.remote;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The JSON mapping of the coordinator-worker protocol (records of dev.crucible.load.agent). */
final class Wire {
    static final ObjectMapper JSON = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** Request body of start. */
    record StartRequest(String runId, long startAtNs, long measureFromNs, long endNs) {}

    /** Request body of abort. */
    record AbortRequest(String runId, String why) {}

    /** Error body. */
    record ErrorBody(String error) {}

    private Wire() {}
}

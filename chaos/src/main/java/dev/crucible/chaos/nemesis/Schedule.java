package dev.crucible.chaos.nemesis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * When which fault happens. Either periodic (quiet for an interval, then a fault for an interval,
 * the nemeses in turn) or read from a JSON file:
 *
 * <pre>
 * {"faults": [
 *   {"nemesis": "kill", "startMs": 5000, "durationMs": 5000, "nodes": [0]},
 *   {"nemesis": "latency", "startMs": 15000, "durationMs": 5000, "latencyMs": 100, "jitterMs": 20}
 * ]}
 * </pre>
 *
 * The file may also use Trogdor's fault specs by their class name ({@code "class":
 * "...ProcessStopFaultSpec"} = pause, {@code ...NetworkPartitionFaultSpec} = partition with its
 * {@code "partitions"}, {@code ...DegradedNetworkFaultSpec} = latency); node names are "n0", "n1",
 * ... or indexes.
 */
public record Schedule(List<FaultEvent> events) {

    public Schedule {
        events = events.stream().sorted(Comparator.comparingLong(FaultEvent::startMs)).toList();
    }

    /** Faults of {@code interval} separated by quiet intervals, nemeses taken in turn, all within {@code total}. */
    public static Schedule periodic(List<String> nemeses, Duration interval, Duration total) {
        List<FaultEvent> events = new ArrayList<>();
        long step = interval.toMillis();
        if (nemeses.isEmpty() || step <= 0) {
            return new Schedule(events);
        }
        int i = 0;
        for (long t = step; t + step <= total.toMillis(); t += 2 * step) {
            events.add(new FaultEvent(t, step, nemeses.get(i++ % nemeses.size()), Map.of()));
        }
        return new Schedule(events);
    }

    /** Reads a schedule file; the message of the exception names the file and the bad entry. */
    public static Schedule read(Path file) throws IOException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(Files.readString(file));
        } catch (IOException e) {
            throw new IOException(file + ": not a JSON schedule: " + e.getMessage(), e);
        }
        JsonNode list = root == null ? null : root.isArray() ? root : root.get("faults");
        if (list == null || !list.isArray()) {
            throw new IOException(file + ": expected {\"faults\": [...]} or a JSON array of faults");
        }
        List<FaultEvent> events = new ArrayList<>();
        int n = 0;
        for (JsonNode f : list) {
            try {
                events.add(event(f));
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": fault " + n + ": " + e.getMessage(), e);
            }
            n++;
        }
        return new Schedule(events);
    }

    private static FaultEvent event(JsonNode f) {
        if (!f.isObject()) {
            throw new IllegalArgumentException("expected an object, got " + f);
        }
        String nemesis = f.hasNonNull("nemesis") ? f.get("nemesis").asText() : trogdor(f);
        long start = number(f, "startMs");
        long duration = number(f, "durationMs");
        Map<String, Object> params = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = f.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!List.of("nemesis", "class", "startMs", "durationMs").contains(e.getKey())) {
                params.put(e.getKey(), plain(e.getValue()));
            }
        }
        if (params.containsKey("nodeNames") && !params.containsKey("nodes")) {
            params.put("nodes", params.remove("nodeNames"));
        }
        if (f.has("nodeSpecs") && f.get("nodeSpecs").isObject()) {
            Iterator<Map.Entry<String, JsonNode>> specs = f.get("nodeSpecs").properties().iterator();
            List<Object> nodes = new ArrayList<>();
            while (specs.hasNext()) {
                Map.Entry<String, JsonNode> e = specs.next();
                nodes.add(e.getKey());
                if (e.getValue().has("latencyMs")) {
                    params.put("latencyMs", e.getValue().get("latencyMs").asLong());
                }
            }
            params.put("nodes", nodes);
        }
        return new FaultEvent(start, duration, nemesis, params);
    }

    private static String trogdor(JsonNode f) {
        String cls = f.hasNonNull("class") ? f.get("class").asText() : "";
        String simple = cls.substring(cls.lastIndexOf('.') + 1);
        return switch (simple) {
            case "ProcessStopFaultSpec" -> "pause";
            case "NetworkPartitionFaultSpec" -> "partition";
            case "DegradedNetworkFaultSpec" -> "latency";
            case "" -> throw new IllegalArgumentException("names no \"nemesis\" (or Trogdor \"class\")");
            default -> throw new IllegalArgumentException("Trogdor fault class " + cls + " has no nemesis here");
        };
    }

    private static long number(JsonNode f, String field) {
        JsonNode v = f.get(field);
        if (v == null || !v.canConvertToLong() || v.asLong() < 0) {
            throw new IllegalArgumentException("\"" + field + "\" must be a number of milliseconds >= 0");
        }
        return v.asLong();
    }

    private static Object plain(JsonNode v) {
        if (v.isArray()) {
            List<Object> out = new ArrayList<>();
            v.forEach(x -> out.add(plain(x)));
            return out;
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        return v.asText();
    }

    /** The end of the last fault, in ms. */
    public long endMs() {
        return events.stream().mapToLong(e -> e.startMs() + e.durationMs()).max().orElse(0);
    }
}

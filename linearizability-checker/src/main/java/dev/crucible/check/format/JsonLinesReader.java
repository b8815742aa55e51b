package dev.crucible.check.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.crucible.check.history.History;
import dev.crucible.check.history.HistoryFormatException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a JSON lines history (DESIGN.md): one JSON object per line,
 * {@code {"index":0,"time":123,"process":3,"type":"invoke","f":"send","value":...}}.
 *
 * <p>{@code "type"}, {@code "process"} and {@code "f"} are required. {@code "process"} is an
 * integer (Long) or a string such as {@code "nemesis"} (becomes {@code Keyword("nemesis")});
 * {@code "f"} a string; {@code "time"} an integer (ns), -1 when absent or null; {@code "value"}
 * any JSON (arrays -> List, objects -> Map with String keys in source order, integers -> Long or
 * BigInteger when too large, other numbers -> Double, null -> null); every other field goes to
 * {@code extra}. The index rule is the one of {@link EdnHistoryReader}. Blank lines are skipped;
 * a malformed line, a duplicate field or trailing text is an error naming the line.
 */
public final class JsonLinesReader {
    /** The format name ({@code History.format()}) of histories read here. */
    public static final String FORMAT = "jsonl";

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private JsonLinesReader() {}

    /**
     * Reads a history file (UTF-8).
     *
     * @throws HistoryFormatException when the file is missing or a line is malformed
     */
    public static History read(Path file) {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file);
        } catch (NoSuchFileException e) {
            throw new HistoryFormatException(file, 0, "no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file, e);
        }
    }

    /** Reads a history from text (errors name no file). */
    public static History parse(String text) {
        return read(new StringReader(text), null);
    }

    /**
     * Reads a history from {@code in}, naming {@code source} in errors and in the result.
     *
     * @throws HistoryFormatException when a line is malformed
     */
    public static History read(Reader in, Path source) {
        BufferedReader br = in instanceof BufferedReader b ? b : new BufferedReader(in);
        OpFields ops = new OpFields(source, false);
        int lineNo = 0;
        try {
            String line;
            while ((line = br.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node;
                try {
                    node = MAPPER.readTree(line);
                } catch (JsonProcessingException e) {
                    throw new HistoryFormatException(source, lineNo,
                            "malformed JSON: " + e.getOriginalMessage());
                }
                if (node == null || !node.isObject()) {
                    throw new HistoryFormatException(source, lineNo, "expected a JSON object {\"type\":..}, "
                            + "found " + (node == null ? "nothing" : node.getNodeType().toString()
                                    .toLowerCase(Locale.ROOT)));
                }
                @SuppressWarnings("unchecked")
                Map<Object, Object> m = (Map<Object, Object>) toJava(node);
                ops.add(m, lineNo);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new History(ops.ops(), source, FORMAT);
    }

    /** JSON tree -> plain Java data, as documented on the class. */
    static Object toJava(JsonNode n) {
        switch (n.getNodeType()) {
            case NULL:
            case MISSING:
                return null;
            case BOOLEAN:
                return n.booleanValue();
            case STRING:
                return n.textValue();
            case NUMBER:
                if (n.isIntegralNumber()) {
                    return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
                }
                return n.doubleValue();
            case ARRAY: {
                List<Object> l = new ArrayList<>(n.size());
                for (JsonNode e : n) {
                    l.add(toJava(e));
                }
                return Collections.unmodifiableList(l);
            }
            case OBJECT: {
                Map<Object, Object> m = new LinkedHashMap<>();
                for (Map.Entry<String, JsonNode> e : n.properties()) {
                    m.put(e.getKey(), toJava(e.getValue()));
                }
                return Collections.unmodifiableMap(m);
            }
            default:
                return n.asText();
        }
    }
}

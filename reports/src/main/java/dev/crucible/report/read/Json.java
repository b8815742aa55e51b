package dev.crucible.report.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Strict JSON reading: a truncated file or trailing garbage is an error naming the file and place. */
final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Json() {}

    static JsonNode read(Path file) {
        try {
            JsonNode node = MAPPER.readTree(Files.readAllBytes(file));
            if (node == null || node.isMissingNode()) {
                throw new ReportInputException(file, "is empty");
            }
            return node;
        } catch (NoSuchFileException e) {
            throw new ReportInputException(file, "is missing");
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ReportInputException(file, "is not valid JSON (truncated or corrupt?)" + where + ": "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ReportInputException(file, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** The field as a number, or an error naming the field. */
    static double number(Path file, JsonNode node, String path) {
        JsonNode n = at(node, path);
        if (n == null || !n.isNumber()) {
            throw new ReportInputException(file, "has no number at " + path);
        }
        return n.asDouble();
    }

    /** The field at a dotted path, or null. */
    static JsonNode at(JsonNode node, String path) {
        JsonNode n = node;
        for (String part : path.split("\\.(?=[a-zA-Z])")) {
            n = n == null ? null : n.get(part);
        }
        return n == null || n.isNull() ? null : n;
    }

    /** The field as text, or null. */
    static String text(JsonNode node, String path) {
        JsonNode n = at(node, path);
        return n == null ? null : n.isValueNode() ? n.asText() : n.toString();
    }
}

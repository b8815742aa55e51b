package dev.crucible.load.workload;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads workload and driver YAML files. Unknown fields are reported, not fatal (OMB forks add
 * their own); a file that is not YAML of the right shape gets an error naming the file, line and field.
 *
 * @param <T> what the file holds
 */
public final class YamlFiles<T> {
    private final Class<T> type;

    /** A reader of files holding a {@code type}. */
    public YamlFiles(Class<T> type) {
        this.type = type;
    }

    /** A parsed file: its value, its bytes' SHA-256 and the fields that were ignored. */
    public record Loaded<T>(T value, String name, String sha256, String text, List<String> ignoredFields) {}

    /** Reads {@code file}; IOException with the file name and the problem when it cannot. */
    public Loaded<T> read(Path file) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        }
        return parse(bytes, file.toString());
    }

    /** Reads a classpath resource (the built-in workloads). */
    public Loaded<T> readResource(String resource) throws IOException {
        try (InputStream in = YamlFiles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("built-in " + resource + " is missing from the jar");
            }
            return parse(in.readAllBytes(), "built-in:" + resource.substring(resource.lastIndexOf('/') + 1));
        }
    }

    /** Parses YAML bytes, naming them {@code name} in errors. */
    public Loaded<T> parse(byte[] bytes, String name) throws IOException {
        List<String> ignored = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        mapper.addHandler(new DeserializationProblemHandler() {
            @Override
            public boolean handleUnknownProperty(DeserializationContext ctxt, JsonParser p,
                    JsonDeserializer<?> deserializer, Object beanOrClass, String propertyName) throws IOException {
                ignored.add(propertyName);
                p.skipChildren();
                return true;
            }
        });
        T value;
        try {
            value = mapper.readValue(bytes, type);
        } catch (JsonProcessingException e) {
            throw new IOException(name + ": " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        if (value == null) {
            throw new IOException(name + ": the file is empty");
        }
        String text = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
        return new Loaded<>(value, name, sha256(bytes), text, List.copyOf(ignored));
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

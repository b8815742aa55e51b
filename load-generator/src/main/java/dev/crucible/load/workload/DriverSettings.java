package dev.crucible.load.workload;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.StringReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A driver file in OMB's Kafka driver shape: {@code name}, {@code driverClass} (ignored: the driver
 * is always kafka-clients), {@code replicationFactor}, {@code reset}, and the client settings as
 * properties text in {@code topicConfig}, {@code commonConfig}, {@code producerConfig},
 * {@code consumerConfig}. A {@code replicationFactor} above the target's broker count is capped at it when
 * the topics are created (the driver's {@code TopicReplication}).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public final class DriverSettings {
    public String name = "kafka";
    public String driverClass;
    public short replicationFactor = 1;
    public boolean reset;
    public String topicConfig = "";
    public String commonConfig = "";
    public String producerConfig = "acks=all\nlinger.ms=1\nbatch.size=131072\n";
    public String consumerConfig = "auto.offset.reset=earliest\nenable.auto.commit=true\nmax.partition.fetch.bytes=10485760\n";

    /** Topic settings. */
    public Map<String, String> topicProperties() {
        return parse("topicConfig", topicConfig);
    }

    /** Common client settings followed by producer settings (later wins). */
    public Map<String, String> producerProperties() {
        Map<String, String> all = parse("commonConfig", commonConfig);
        all.putAll(parse("producerConfig", producerConfig));
        return all;
    }

    /** Common client settings followed by consumer settings (later wins). */
    public Map<String, String> consumerProperties() {
        Map<String, String> all = parse("commonConfig", commonConfig);
        all.putAll(parse("consumerConfig", consumerConfig));
        return all;
    }

    /** Common client settings (for the admin client). */
    public Map<String, String> commonProperties() {
        return parse("commonConfig", commonConfig);
    }

    /** bootstrap.servers named by the file, or null. */
    public String bootstrapServers() {
        return commonProperties().get("bootstrap.servers");
    }

    private static Map<String, String> parse(String field, String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text == null ? "" : text));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not properties text: " + e.getMessage(), e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : p.stringPropertyNames()) {
            out.put(key, p.getProperty(key).trim());
        }
        return out;
    }
}

package dev.crucible.broker.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crucible.broker.TestBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's kafka-python 2.0.2 and confluent-kafka (librdkafka 2.0.2), run by {@code /usr/bin/python3}:
 * a producer round trip and a group consumer whose commits hold (a second member finds nothing left).
 */
class PythonClientsTest {
    static final String PYTHON = "/usr/bin/python3";
    static final int COUNT = 500;
    @TempDir
    Path dir;
    private TestBroker broker;

    @BeforeAll
    static void needPython() {
        Proc.require(PYTHON, "python3-kafka python3-confluent-kafka");
    }

    @BeforeEach
    void start() throws Exception {
        broker = new TestBroker(dir.resolve("data"));
    }

    @AfterEach
    void stop() {
        broker.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"kafka_python_roundtrip.py", "confluent_roundtrip.py"})
    void producerAndGroupConsumerRoundTrip(String script) throws Exception {
        Path file = dir.resolve(script);
        try (InputStream in = getClass().getResourceAsStream("/clients/" + script)) {
            Files.copy(in, file);
        }
        Proc run = Proc.run(List.of(PYTHON, file.toString(), broker.bootstrap(), "py-topic", "py-group",
            String.valueOf(COUNT)), null, 120).ok();
        String last = run.out().lines().reduce((a, b) -> b).orElseThrow();
        JsonNode result = new ObjectMapper().readTree(last);
        List<String> expected = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < COUNT; i++) {
            expected.add("v" + i);
            offsets.add((long) i);
        }
        List<Long> acked = new ArrayList<>();
        result.get("offsets").forEach(n -> acked.add(n.asLong()));
        assertThat(acked).as("each send acknowledged at its offset").containsExactlyElementsOf(offsets);
        List<String> first = new ArrayList<>();
        result.get("first").forEach(n -> first.add(n.asText()));
        assertThat(first).containsExactlyElementsOf(expected);
        assertThat(result.get("second")).as("the group's commits hold").isEmpty();
    }
}

package dev.crucible.broker.config;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The replication keys: Kafka's defaults, values read, mistakes refused naming the key, and the help listing. */
class ReplicationConfigTest {

    private static BrokerConfig of(String... pairs) {
        Map<String, String> m = new HashMap<>();
        for (String p : pairs) {
            int eq = p.indexOf('=');
            m.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return BrokerConfig.fromMap(m);
    }

    @Test
    void theDefaultsAreKafkasAndFsyncIsOn() {
        ReplicationConfig r = of().replication();
        assertThat(r).isEqualTo(new ReplicationConfig(30_000, 500, 1_048_576, 1, 1_000, 30_000, (short) 1, true, 50, (short) 3));
        assertThat(r).isEqualTo(ReplicationConfig.DEFAULT);
    }

    @Test
    void everyKeyIsReadAndKnown() {
        BrokerConfig config = of("replica.lag.time.max.ms=10000", "replica.fetch.wait.max.ms=250", "replica.fetch.max.bytes=65536",
            "replica.fetch.min.bytes=512", "replica.fetch.backoff.ms=0", "replica.socket.timeout.ms=5000", "default.replication.factor=3",
            "replication.fsync=FALSE");
        assertThat(config.replication()).isEqualTo(new ReplicationConfig(10_000, 250, 65_536, 512, 0, 5_000, (short) 3, false, 50, (short) 3));
        assertThat(config.unknownKeys()).isEmpty();
    }

    @Test
    void badValuesAreRefusedNamingTheKey() {
        List<String[]> bad = List.of(
            new String[] {"replica.lag.time.max.ms must be at least 1, got 0", "replica.lag.time.max.ms=0"},
            new String[] {"replica.lag.time.max.ms must be at least 1, got -5", "replica.lag.time.max.ms=-5"},
            new String[] {"replica.fetch.wait.max.ms must be at least 0, got -1", "replica.fetch.wait.max.ms=-1"},
            new String[] {"replica.fetch.max.bytes must be at least 1, got 0", "replica.fetch.max.bytes=0"},
            new String[] {"replica.fetch.min.bytes must be at least 1, got 0", "replica.fetch.min.bytes=0"},
            new String[] {"replica.fetch.backoff.ms must be at least 0, got -1", "replica.fetch.backoff.ms=-1"},
            new String[] {"replica.socket.timeout.ms must be at least 1, got 0", "replica.socket.timeout.ms=0"},
            new String[] {"default.replication.factor must be at least 1, got 0", "default.replication.factor=0"},
            new String[] {"default.replication.factor must be at most 32767", "default.replication.factor=40000"},
            new String[] {"replica.fetch.max.bytes: not a number: 'lots'", "replica.fetch.max.bytes=lots"},
            new String[] {"replication.fsync: expected true or false, got 'yes'", "replication.fsync=yes"},
            new String[] {"replica.fetch.wait.max.ms (2000) must not be above replica.socket.timeout.ms (1000)",
                "replica.fetch.wait.max.ms=2000", "replica.socket.timeout.ms=1000"},
            new String[] {"replica.fetch.wait.max.ms (2000) must not be above replica.lag.time.max.ms (1000)",
                "replica.fetch.wait.max.ms=2000", "replica.lag.time.max.ms=1000"});
        for (String[] c : bad) {
            String[] pairs = java.util.Arrays.copyOfRange(c, 1, c.length);
            assertThatThrownBy(() -> of(pairs)).as(String.join(" ", pairs)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(c[0]);
        }
    }

    @Test
    void theHelpListsEveryReplicationKeyWithItsDefault() {
        String help = BrokerSettings.describeKeys();
        for (String line : List.of("replica.lag.time.max.ms, default 30000", "replica.fetch.wait.max.ms, default 500",
            "replica.fetch.max.bytes, default 1048576", "replica.fetch.min.bytes, default 1", "replica.fetch.backoff.ms, default 1000",
            "replica.socket.timeout.ms, default 30000", "default.replication.factor, default 1", "replication.fsync, default true",
            "inter.broker.listener.name, default (the first data listener)", "listener.security.protocol.map, default")) {
            assertThat(help).contains(line);
        }
    }
}

package dev.crucible.broker.api;

import dev.crucible.broker.config.TopicConfig;
import dev.crucible.broker.config.TopicConfigKey;

/** Kafka's config source codes, as DescribeConfigs and CreateTopics report them. */
final class ConfigSources {
    static final byte TOPIC_CONFIG = 1;
    static final byte STATIC_BROKER_CONFIG = 4;
    static final byte DEFAULT_CONFIG = 5;

    private ConfigSources() {
    }

    static byte of(TopicConfig config, TopicConfigKey key) {
        if (config.isOverridden(key)) {
            return TOPIC_CONFIG;
        }
        return key.defaultValue().equals(config.get(key)) ? DEFAULT_CONFIG : STATIC_BROKER_CONFIG;
    }
}

package dev.crucible.launch.kafka;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Apache Kafka release number, read only as far as the launcher needs: major and minor decide
 * whether it runs without ZooKeeper and which logging backend its jars expect.
 *
 * @param text the release as written on Maven Central, e.g. {@code "3.9.1"}
 * @param major leading number
 * @param minor second number
 */
record KafkaVersion(String text, int major, int minor) {

    private static final Pattern RELEASE =
            Pattern.compile("(\\d+)\\.(\\d+)(\\.\\d+)?([-.][\\w.-]+)?");

    /** Reads a release; refuses text that is not one and releases that need ZooKeeper. */
    static KafkaVersion parseKraft(String text) throws IOException {
        Matcher m = RELEASE.matcher(text.strip());
        if (!m.matches()) {
            throw new IOException(
                    "'" + text + "' is not an Apache Kafka release number (e.g. 3.9.1, 4.3.1)");
        }
        KafkaVersion version =
                new KafkaVersion(text.strip(), Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
        if (version.major < 3 || (version.major == 3 && version.minor < 3)) {
            throw new IOException(
                    "Apache Kafka " + text + " needs KRaft (3.3 or later); older releases need ZooKeeper");
        }
        return version;
    }

    /** Kafka 4 logs through Log4j 2; 3.x through Log4j 1 (reload4j). */
    LogBinding logBinding() {
        return major >= 4 ? LogBinding.LOG4J2 : LogBinding.RELOAD4J;
    }

    @Override
    public String toString() {
        return text;
    }
}

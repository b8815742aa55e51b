package dev.crucible.launch.kafka;

import java.nio.file.Path;

/**
 * The SLF4J backend a Kafka release's own distribution ships, as Maven dependencies plus a config
 * that sends everything to {@code server.log} and warnings also to standard output (so the tail of
 * {@code kafka.out} explains a failed start).
 */
enum LogBinding {
    /** Kafka 3.x: SLF4J 1.7 over reload4j (Log4j 1 API). */
    RELOAD4J(
            new String[] {
                "org.slf4j:slf4j-api:1.7.36",
                "org.slf4j:slf4j-reload4j:1.7.36",
                "ch.qos.reload4j:reload4j:1.2.25"
            },
            "log4j.properties",
            "log4j.configuration") {
        @Override
        String config(Path logFile) {
            return String.join(
                    "\n",
                    "log4j.rootLogger=INFO, file, out",
                    "log4j.appender.file=org.apache.log4j.FileAppender",
                    "log4j.appender.file.File=" + escape(logFile.toString()),
                    "log4j.appender.file.layout=org.apache.log4j.PatternLayout",
                    "log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n",
                    "log4j.appender.out=org.apache.log4j.ConsoleAppender",
                    "log4j.appender.out.Threshold=WARN",
                    "log4j.appender.out.layout=org.apache.log4j.PatternLayout",
                    "log4j.appender.out.layout.ConversionPattern=[%d] %p %m (%c)%n",
                    "");
        }
    },

    /** Kafka 4.x: SLF4J 2 over Log4j 2. */
    LOG4J2(
            new String[] {
                "org.slf4j:slf4j-api:2.0.17",
                "org.apache.logging.log4j:log4j-slf4j2-impl:2.25.4",
                "org.apache.logging.log4j:log4j-core:2.25.4"
            },
            "log4j2.properties",
            "log4j2.configurationFile") {
        @Override
        String config(Path logFile) {
            return String.join(
                    "\n",
                    "status = warn",
                    // Kafka's own hook logs its shutdown; Log4j's would close the appenders before that.
                    "shutdownHook = disable",
                    "appender.file.type = File",
                    "appender.file.name = FILE",
                    "appender.file.fileName = " + escape(logFile.toString()),
                    "appender.file.layout.type = PatternLayout",
                    "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                    "appender.out.type = Console",
                    "appender.out.name = OUT",
                    "appender.out.layout.type = PatternLayout",
                    "appender.out.layout.pattern = [%d] %p %m (%c)%n",
                    "appender.out.filter.level.type = ThresholdFilter",
                    "appender.out.filter.level.level = WARN",
                    "rootLogger.level = INFO",
                    "rootLogger.appenderRef.file.ref = FILE",
                    "rootLogger.appenderRef.out.ref = OUT",
                    "");
        }
    };

    private final String[] coordinates;
    private final String configFileName;
    private final String configProperty;

    LogBinding(String[] coordinates, String configFileName, String configProperty) {
        this.coordinates = coordinates;
        this.configFileName = configFileName;
        this.configProperty = configProperty;
    }

    /** Text of the logging config that writes everything to {@code logFile}. */
    abstract String config(Path logFile);

    /**
     * {@code groupId:artifactId:version} of each jar to add beside Kafka's own. slf4j-api is named
     * too: Maven would otherwise pick whichever version it meets first (kafka-clients asks for
     * 1.7), and an API of the other generation silently finds no binding and logs nothing.
     */
    String[] coordinates() {
        return coordinates.clone();
    }

    /** File name the config is written under, in the node's directory. */
    String configFileName() {
        return configFileName;
    }

    /** JVM flag that points the backend at {@code configFile}. */
    String jvmFlag(Path configFile) {
        String value = this == RELOAD4J ? configFile.toUri().toString() : configFile.toString();
        return "-D" + configProperty + "=" + value;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\");
    }
}

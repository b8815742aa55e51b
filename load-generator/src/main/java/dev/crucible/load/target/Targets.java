package dev.crucible.load.target;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** Parses {@code --target} values and launches what they name. */
public final class Targets {
    private Targets() {}

    /** IllegalArgumentException when {@code target} is not one of the accepted forms. */
    public static void check(String target) {
        if (target.equals("embedded") || target.equals("noop")) {
            return;
        }
        if (target.startsWith("kafka:") && target.length() > "kafka:".length()) {
            return;
        }
        if (target.startsWith("bootstrap:") && target.substring("bootstrap:".length()).matches("[^,:]+:\\d+(,[^,:]+:\\d+)*")) {
            return;
        }
        throw new IllegalArgumentException("--target " + target + ": use embedded, kafka:VERSION,"
                + " bootstrap:HOST:PORT[,HOST:PORT..] or noop (no broker: the generator's own ceiling)");
    }

    /** Starts (or just names) the target; {@code scratch} holds launched brokers' data for this run. */
    public static LaunchedTarget launch(String target, List<String> embeddedCommand, Path scratch, Path cacheDir,
            PrintWriter progress) throws IOException, InterruptedException {
        check(target);
        if (target.equals("noop")) {
            return LaunchedTarget.existing("noop", "none", null);
        }
        if (target.startsWith("bootstrap:")) {
            return LaunchedTarget.existing("bootstrap", "unknown", target.substring("bootstrap:".length()));
        }
        if (target.equals("embedded")) {
            if (embeddedCommand == null) {
                throw new IllegalArgumentException("the embedded broker cannot be started from here (no command given)");
            }
            progress.println("starting the embedded broker (broker-ref) on loopback ...");
            EmbeddedBroker b = EmbeddedBroker.start(embeddedCommand, scratch.resolve("broker-ref"));
            progress.println("embedded broker pid " + b.pids().get(0) + " at " + b.bootstrap());
            return b;
        }
        return KafkaTarget.start(target.substring("kafka:".length()), scratch, cacheDir, progress);
    }
}

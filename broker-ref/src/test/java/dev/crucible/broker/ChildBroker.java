package dev.crucible.broker;

import dev.crucible.broker.config.BrokerConfig;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A broker in its own JVM, for tests that kill it with SIGKILL. Arguments: data directory, port, then
 * KEY=VALUE settings. Prints "PORT n" once it listens, then runs until killed.
 */
public final class ChildBroker {
    private ChildBroker() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> settings = new HashMap<>();
        settings.put("log.dirs", Path.of(args[0]).toString());
        settings.put("listeners", "PLAINTEXT://127.0.0.1:" + args[1]);
        settings.put("group.initial.rebalance.delay.ms", "0");
        for (int i = 2; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        Broker broker = Broker.start(BrokerConfig.fromMap(settings));
        System.out.println("PORT " + broker.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}

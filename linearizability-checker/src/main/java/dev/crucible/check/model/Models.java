package dev.crucible.check.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** The models by the names the command line uses. */
public final class Models {
    private static final Map<String, String> HELP = new LinkedHashMap<>();
    private static final Map<String, Supplier<Model>> MODELS = new LinkedHashMap<>();

    static {
        add("register", "read/write register, initial 0; a read of nil is unknown",
                () -> new CasRegister("register", 0L, true));
        add("cas-register", "Knossos cas-register: read, write, cas [old new]; initial 0; a read of nil is unknown",
                () -> new CasRegister("cas-register", 0L, true));
        add("etcd", "Porcupine's etcd register: like cas-register but initially absent, and a read of nil means absent",
                () -> new CasRegister("etcd", null, false));
        add("kv", "Porcupine's key-value store: get/put/append strings per :key, each key from \"\", checked per key",
                KeyValue::new);
        add("multi-register", "registers under keys in :txn [[:read k v] [:write k v]], every key from 0; checked per"
                + " connected group of keys", () -> new MultiRegister(0L));
        add("mutex", "lock: acquire when free, release when held", Mutex::new);
        add("queue", "FIFO queue: enqueue v, dequeue -> head (nil when empty)", FifoQueue::new);
        add("set", "set: add v, read -> all elements", SetModel::new);
        add("log", "partition log: append v -> [offset v]; read -> [offset v] (v nil past the end)", PartitionLog::new);
    }

    private Models() {}

    private static void add(String name, String help, Supplier<Model> m) {
        HELP.put(name, help);
        MODELS.put(name, m);
    }

    /** The model of that name; an error listing the names otherwise. */
    public static Model byName(String name) {
        Supplier<Model> m = MODELS.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; models: " + String.join(", ", MODELS.keySet()));
        }
        return m.get();
    }

    /** Name to one-line description, for --help. */
    public static Map<String, String> help() {
        return HELP;
    }
}

package dev.crucible.broker.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The deliberately broken modes of broker-ref (broker key {@code crucible.broken}, {@code crucible broker
 * --broken MODE}). Each makes the broker wrong in one specific way that the chaos checker must report;
 * none is ever meant for real data.
 */
public enum BrokenMode {
    LOSE_ACKED_WRITES("lose-acked-writes",
        "acknowledges writes, then a restart rolls every partition back to its end offset of 1-2 s before the stop"),
    DUPLICATE_OFFSETS("duplicate-offsets",
        "acknowledges every 20th append to a partition with the base offset of the append before it (data is stored correctly)"),
    TRUNCATE_TO_HW("truncate-to-hw",
        "replicates like Kafka before KIP-101: a follower cuts its log to its own high watermark when it starts following and"
            + " never checks leader epochs, so a quick second failover can elect a replica without acknowledged writes"),
    ACK_ON_LEADER("ack-on-leader",
        "answers acks=all produces as soon as the leader has the batch, as acks=1 would, so a leader crash loses them"),
    SHRINK_BEFORE_COMMIT("shrink-before-commit",
        "a partition leader drops a lagging follower from its in-sync set as soon as it asks the controller to, before the"
            + " change is committed, so its high watermark can pass writes that the replicas the controller may elect lack");

    private final String modeName;
    private final String description;

    BrokenMode(String modeName, String description) {
        this.modeName = modeName;
        this.description = description;
    }

    /** The name used in configuration and on the command line, e.g. {@code lose-acked-writes}. */
    public String modeName() {
        return modeName;
    }

    /** One line: what the mode does wrong. */
    public String description() {
        return description;
    }

    /** The line a broker in this mode prints to standard error when it starts. */
    public String warning() {
        return "BROKEN MODE " + modeName + ": this broker is wrong on purpose, to test the chaos harness: it "
            + description + ". Never use it for real data.";
    }

    /** Every mode's name, in declaration order. */
    public static List<String> names() {
        List<String> names = new ArrayList<>();
        for (BrokenMode mode : values()) {
            names.add(mode.modeName);
        }
        return List.copyOf(names);
    }

    /**
     * The mode with this name.
     *
     * @throws IllegalArgumentException naming the valid modes, when there is none by that name
     */
    public static BrokenMode parse(String name) {
        for (BrokenMode mode : values()) {
            if (mode.modeName.equals(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown broken mode '" + name + "'; valid modes: "
            + String.join(", ", names()));
    }
}

package dev.crucible.load.metric;

/** The latency figures a run records, each into its own HDR interval log. */
public enum Metric {
    /** ack − intended send time: what a user of the broker waits, stalls included. The primary figure. */
    RESPONSE("publish.hlog", "response time (intended send -> ack)"),
    /** ack − actual send time: what the broker took once the message was handed to the client. */
    SERVICE("publish-service.hlog", "service time (actual send -> ack)"),
    /** actual − intended send time: how late the generator was. */
    SEND_DELAY("send-delay.hlog", "send delay (intended -> actual send)"),
    /** consumer receipt − intended send time. */
    END_TO_END("end-to-end.hlog", "end-to-end (intended send -> consumer receipt)");

    private final String fileName;
    private final String description;

    Metric(String fileName, String description) {
        this.fileName = fileName;
        this.description = description;
    }

    /** File of this metric's interval log in a result directory. */
    public String fileName() {
        return fileName;
    }

    /** What it measures, for people. */
    public String description() {
        return description;
    }

    /** Lower-case key used in run.json. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}

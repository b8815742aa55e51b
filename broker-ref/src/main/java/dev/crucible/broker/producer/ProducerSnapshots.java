package dev.crucible.broker.producer;

import dev.crucible.io.Log;
import dev.crucible.io.LogListener;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Saves a partition's producer state when its log rolls a segment and when it closes cleanly, on the
 * writer's thread (the only one that touches the table), so a restart reads the headers after the
 * newest snapshot only. A snapshot that cannot be written is reported and skipped: the next rebuild
 * then reads further back, nothing is lost.
 */
public final class ProducerSnapshots implements LogListener {
    private final ProducerStateTable table;
    private final Consumer<String> warn;

    /** @param warn where a snapshot that could not be written is reported */
    public ProducerSnapshots(ProducerStateTable table, Consumer<String> warn) {
        this.table = table;
        this.warn = warn;
    }

    @Override
    public void rolled(Log log, long baseOffset) {
        save(log, baseOffset);
    }

    @Override
    public void closing(Log log, long logEndOffset) {
        save(log, logEndOffset);
    }

    private void save(Log log, long endOffset) {
        try {
            table.snapshot(log.dir(), endOffset);
        } catch (IOException | RuntimeException e) {
            warn.accept("could not write the producer snapshot of " + log.dir() + " at " + endOffset + ": " + e);
        }
    }
}

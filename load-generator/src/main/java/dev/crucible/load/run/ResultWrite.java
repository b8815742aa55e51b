package dev.crucible.load.run;

import dev.crucible.load.agent.FinalReport;
import dev.crucible.load.driver.TopicReplication;
import dev.crucible.load.result.IntervalStore;
import dev.crucible.load.result.ResultWriter;
import dev.crucible.load.result.RunRecord;
import dev.crucible.load.result.RunSettings;
import dev.crucible.load.result.RunTimeline;
import dev.crucible.load.result.SequenceAudit;
import dev.crucible.load.result.Totals;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The last phase of a run, complete or not: the audit of the workers' final sequence figures, the run
 * record, and the result directory written from it.
 */
final class ResultWrite {
    private final RunSettings settings;
    private final String runId;
    private final Instant started;
    private final IntervalStore store;
    private final Map<String, List<String>> subscriptionsByTopic;
    private final TopicReplication replication;

    /**
     * Writes run {@code runId}, started at {@code started}, whose reports are in {@code store}, whose topics were
     * created with {@code replication} (null: no broker).
     */
    ResultWrite(RunSettings settings, String runId, Instant started, IntervalStore store,
            Map<String, List<String>> subscriptionsByTopic, TopicReplication replication) {
        this.settings = settings;
        this.runId = runId;
        this.started = started;
        this.store = store;
        this.subscriptionsByTopic = subscriptionsByTopic;
        this.replication = replication;
    }

    /** Writes the result directory; {@code incompleteReason} is null for a complete run. */
    RunOutcome write(Workers workers, RunTimeline timeline, Instant ended, String incompleteReason, double searchedRate,
            RunRecord.Cpu cpu) throws IOException {
        List<FinalReport> finals = workers.finalReports();
        SequenceAudit audit = new SequenceAudit(finals, subscriptionsByTopic);
        Totals totals = workers.totals();
        RunRecord record = new RunRecord(settings, runId, started, ended, timeline, store, audit, finals, workers.clocks(),
                incompleteReason, searchedRate, cpu, totals, replication);
        Path dir = new ResultWriter(record).write();
        return new RunOutcome(dir, incompleteReason == null, record.rateMissed(), incompleteReason, record);
    }
}

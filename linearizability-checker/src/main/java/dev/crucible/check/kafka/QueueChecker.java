package dev.crucible.check.kafka;

import dev.crucible.check.history.Op;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Checks a history of Jepsen's Kafka queue workload ({@code send}, {@code poll}, {@code txn} of
 * sends and polls, {@code assign}, {@code subscribe}, {@code crash}) for the anomalies of
 * Jepsen's Kafka checker, under the same names: inconsistent-offsets, duplicate, lost-write, G1a,
 * poll-skip, nonmonotonic-poll, int-poll-skip, int-nonmonotonic-poll, nonmonotonic-send,
 * int-send-skip, int-nonmonotonic-send, unseen, and empty-history when no send or poll
 * completed ok at all (nothing was checked).
 *
 * <p>A history is valid when every anomaly found is allowed. int-send-skip is allowed by default
 * (no write isolation in Kafka). poll-skip and nonmonotonic-poll are always reported, but allowed
 * when the polling process's consumer was last subscribed rather than assigned (detail "via"),
 * since the broker may move partitions between subscribed consumers.
 *
 * <p>Not checked yet: the transactional cycles (G0, G1c and their variants) and
 * precommitted-read. Instances are immutable.
 */
public final class QueueChecker {
    /** The types allowed unless made bad: int-send-skip. */
    public static final Set<String> ALLOWED_BY_DEFAULT = Set.of("int-send-skip");
    /** The types allowed for a poll by a consumer that was subscribed: poll-skip, nonmonotonic-poll. */
    public static final Set<String> ALLOWED_WHEN_SUBSCRIBED = Set.of("poll-skip", "nonmonotonic-poll");

    private final Set<String> allowed;

    private QueueChecker(Set<String> allowed) {
        this.allowed = Set.copyOf(allowed);
    }

    /** A checker that treats as bad every type Jepsen treats as bad by default. */
    public static QueueChecker defaults() {
        return new QueueChecker(ALLOWED_BY_DEFAULT);
    }

    /** A checker that also allows these types (e.g. "unseen", like --ignore-queue-errors). */
    public QueueChecker allow(String... anomalyTypes) {
        Set<String> more = new LinkedHashSet<>(allowed);
        more.addAll(List.of(anomalyTypes));
        return new QueueChecker(more);
    }

    /** The types this checker allows. */
    public Set<String> allowed() {
        return allowed;
    }

    /** Whether this anomaly makes a history invalid under this checker. */
    public boolean isBad(Anomaly a) {
        return !allowed.contains(a.type()) && !(ALLOWED_WHEN_SUBSCRIBED.contains(a.type())
                && "subscribe".equals(a.details().get("via")));
    }

    /**
     * Checks a history.
     *
     * @param history every event in order: invocations and completions; nemesis records and
     *     functions other than the workload's are ignored
     * @return the verdict, the anomalies by type, and statistics
     * @throws dev.crucible.check.history.HistoryFormatException when an op's value is malformed
     */
    public QueueResult check(List<Op> history) {
        List<QueueOp> ops = QueueOps.parse(history);
        Analysis a = Analysis.of(ops);
        Unseen unseen = new Unseen(ops);
        List<Anomaly> found = new ArrayList<>();
        found.addAll(OffsetAnomalies.inconsistentOffsets(a));
        found.addAll(OffsetAnomalies.duplicates(a));
        found.addAll(LostWrites.find(a));
        found.addAll(AbortedReads.find(a));
        found.addAll(PollOrder.find(a));
        found.addAll(SendOrder.find(a));
        found.addAll(InternalOrder.find(a));
        found.addAll(unseen.anomalies(a));
        if (QueueStats.okSendsAndPolls(ops) == 0) {
            found.add(new Anomaly("empty-history", null,
                    "no send, poll or txn completed ok: nothing was checked", List.of(), Map.of()));
        }
        Map<String, List<Anomaly>> errors = new TreeMap<>();
        Set<String> bad = new TreeSet<>();
        for (Anomaly x : found) {
            errors.computeIfAbsent(x.type(), t -> new ArrayList<>()).add(x);
            if (isBad(x)) {
                bad.add(x.type());
            }
        }
        errors.replaceAll((t, xs) -> List.copyOf(xs));
        return new QueueResult(bad.isEmpty(), errors, List.copyOf(bad), QueueStats.of(ops, a, unseen));
    }
}

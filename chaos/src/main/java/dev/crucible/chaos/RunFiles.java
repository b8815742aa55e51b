package dev.crucible.chaos;

import dev.crucible.chaos.client.FinalReader;
import dev.crucible.chaos.client.Garbage;
import dev.crucible.chaos.cluster.Node;
import dev.crucible.chaos.nemesis.FaultWindow;
import dev.crucible.launch.TargetDurability;
import dev.crucible.check.kafka.Anomaly;
import dev.crucible.check.kafka.QueueResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Writes timeline.json, verdict.json and run.json of a finished run (each via a temporary file and a rename). */
final class RunFiles {
    static final int EXAMPLES = 10;

    private RunFiles() {}

    static void write(Path dir, ChaosSpec spec, Testbed bed, QueueResult verdict, Garbage garbage,
            TargetVerdict targetVerdict, List<FaultWindow> faults, List<String> nemesisErrors, FinalReader.Result fin, long[] totals, int events,
            long startEpochMs, double seconds, boolean valid, boolean interrupted) throws IOException {
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (FaultWindow w : faults) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", w.name());
            m.put("fromSec", round(w.fromSec()));
            m.put("toSec", round(w.toSec()));
            m.put("fault", w.description());
            m.put("probe", w.probe());
            m.put("healed", w.healProbe());
            m.put("answers", w.answers());
            timeline.add(m);
        }
        put(dir.resolve("timeline.json"), Map.of("faults", timeline, "errors", nemesisErrors));

        Map<String, Object> v = new LinkedHashMap<>();
        v.put("valid", valid);
        v.put("checker", "kafka queue (Jepsen's anomaly names)");
        v.put("badTypes", verdict.badTypes());
        v.put("allowed", spec.allow());
        Map<String, Object> errors = new LinkedHashMap<>();
        for (Map.Entry<String, List<Anomaly>> e : verdict.errors().entrySet()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("count", e.getValue().size());
            t.put("bad", verdict.badTypes().contains(e.getKey()));
            t.put("examples", e.getValue().stream().limit(EXAMPLES).map(ChaosRun::anomalyJson).toList());
            errors.put(e.getKey(), t);
        }
        v.put("anomalies", errors);
        v.put("garbage", Map.of("count", garbage.count(), "examples", garbage.examples()));
        v.put("target", targetVerdict.json());
        v.put("stats", verdict.stats());
        put(dir.resolve("verdict.json"), v);

        Map<String, Object> run = new LinkedHashMap<>();
        run.put("kind", "chaos");
        run.put("status", fin.complete() && !interrupted ? "COMPLETE" : "INCOMPLETE");
        if (interrupted) {
            run.put("incompleteReason", "interrupted (SIGINT/SIGTERM) after " + Math.round(seconds) + " s; faults healed, "
                    + fin.summary());
        } else if (!fin.complete()) {
            run.put("incompleteReason", fin.summary());
        }
        run.put("valid", valid);
        run.put("targetVerdict", targetVerdict.word());
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("kind", bed.cluster.kind());
        target.put("version", bed.cluster.version());
        target.put("bootstrap", bed.cluster.bootstrap());
        target.put("nodes", bed.cluster.nodes().stream().map(Node::listenAddress).toList());
        target.put("broken", spec.broken());
        Map<String, String> brokerConfig = spec.brokerConfig().forKind(bed.cluster.kind());
        target.put("brokerConfig", brokerConfig);
        target.put("durability", TargetDurability.of(bed.cluster.kind(), bed.cluster.nodes().size(), brokerConfig));
        target.put("networkNamespaces", bed.lab != null);
        run.put("target", target);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("time", spec.time().toString());
        settings.put("nemeses", spec.nemeses());
        settings.put("interval", spec.interval().toString());
        settings.put("schedule", spec.scheduleFile() == null ? null : spec.scheduleFile().toString());
        settings.put("seed", spec.seed());
        settings.put("keys", spec.keys());
        settings.put("producers", spec.producers());
        settings.put("assigners", spec.assigners());
        settings.put("members", spec.members());
        settings.put("rate", spec.rate());
        run.put("settings", settings);
        run.put("startEpochMs", startEpochMs);
        run.put("seconds", round(seconds));
        run.put("events", events);
        Map<String, Object> counts = new LinkedHashMap<>();
        for (int i = 0; i < RunMetrics.COLUMNS.length; i++) {
            counts.put(RunMetrics.COLUMNS[i], totals[i]);
        }
        run.put("counts", counts);
        List<Map<String, Object>> shaded = new ArrayList<>();
        for (FaultWindow w : faults) {
            shaded.add(Map.of("name", w.name(), "fromSec", round(w.fromSec()), "toSec", round(w.toSec())));
        }
        run.put("faults", shaded);
        run.put("anomalies", verdict.errors().entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().size(),
                        (a, b) -> a, java.util.TreeMap::new)));
        run.put("finalRead", fin.summary());
        run.put("gitRevision", ChaosRun.revision());
        put(dir.resolve("run.json"), run);
    }

    private static double round(double s) {
        return Math.round(s * 1000) / 1000.0;
    }

    static void put(Path file, Object value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        ChaosRun.json().writeValue(tmp.toFile(), value);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}

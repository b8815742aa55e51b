package dev.crucible.load.result;

import dev.crucible.launch.GitRevision;
import dev.crucible.launch.TargetDurability;
import dev.crucible.load.driver.TopicReplication;
import dev.crucible.load.metric.MachineCpu;
import dev.crucible.load.metric.Metric;
import dev.crucible.load.workload.WorkloadFiles;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The tree written to run.json (see DESIGN.md, "Result directory"). */
final class RunJson {
    private RunJson() {}

    static Map<String, Object> of(RunRecord r) {
        RunSettings s = r.settings();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("format", "crucible-run/1");
        root.put("runId", r.runId());
        root.put("name", s.name());
        root.put("label", s.label());
        root.put("status", r.incompleteReason() == null ? "COMPLETE" : "INCOMPLETE");
        root.put("incompleteReason", r.incompleteReason());
        root.put("start", r.started().toString());
        root.put("end", r.ended().toString());
        root.put("crucible", Map.of("gitRevision", GitRevision.get()));
        root.put("workload", file(s.workloadFile() == null ? null : s.workloadFile().name(),
                s.workloadFile() == null ? null : s.workloadFile().sha256(), WorkloadFiles.recorded(s.workload())));
        Map<String, Object> driver = file(s.driverFile() == null ? "built-in default" : s.driverFile().name(),
                s.driverFile() == null ? null : s.driverFile().sha256(), null);
        driver.put("replicationFactor", s.driver().replicationFactor);
        if (r.replication() != null) {
            driver.put("replication", replication(r.replication()));
        }
        driver.put("topicConfig", s.driver().topicProperties());
        driver.put("producerConfig", s.driver().producerProperties());
        driver.put("consumerConfig", s.driver().consumerProperties());
        root.put("driver", driver);
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("kind", s.targetKind());
        target.put("version", s.targetVersion());
        target.put("bootstrap", s.bootstrap());
        target.put("launchedPids", s.targetPids());
        target.put("brokerConfig", s.brokerConfig());
        target.put("durability", TargetDurability.of(s.targetKind(), s.targetPids() == null ? 0 : s.targetPids().size(),
                s.brokerConfig()));
        root.put("target", target);
        root.put("phases", phases(r));
        root.put("rate", rate(r));
        root.put("summary", summary(r));
        Map<String, Object> seq = sequences(r.audit());
        if (r.incompleteReason() != null) {
            seq.put("note", "INCOMPLETE run: only workers that finished reported their sequence figures; do not read"
                    + " these counts as the run's");
        }
        root.put("sequences", seq);
        root.put("clocks", r.clocks());
        root.put("negativeSamples", negatives(r));
        root.put("cpu", cpu(r));
        root.put("machine", machine());
        return root;
    }

    private static Map<String, Object> file(String name, String sha, Object values) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("file", name);
        f.put("sha256", sha);
        if (values != null) {
            f.put("values", values);
        }
        return f;
    }

    /** What the topics were created with, beside the driver file's {@code replicationFactor} and {@code topicConfig}. */
    private static Map<String, Object> replication(TopicReplication t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("requested", t.requested());
        m.put("brokers", t.brokers());
        m.put("used", t.used());
        m.put("changedTopicConfig", t.changedTopicConfig());
        m.put("note", t.note());
        return m;
    }

    private static Map<String, Object> phases(RunRecord r) {
        Map<String, Object> p = new LinkedHashMap<>();
        if (r.timeline() != null) {
            p.put("warmupSeconds", r.timeline().warmupNs() / 1e9);
            p.put("measuredSeconds", r.measuredSeconds());
            p.put("firstMeasuredInterval", r.timeline().firstMeasuredInterval());
            p.put("endInterval", r.timeline().endInterval());
        }
        p.put("latencyFrom", "intended send time; warm-up messages (intended before the warm-up's end) not recorded");
        return p;
    }

    private static Map<String, Object> rate(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        long secs = Math.max(1, r.measuredSeconds());
        m.put("targetMsgsPerSec", r.measuredTargetRate() > 0 ? r.measuredTargetRate() : "flat-out");
        m.put("sentMsgsPerSec", r.measuredSum(x -> x.sent) / (double) secs);
        m.put("missed", r.rateMissed());
        m.put("secondsBelow90PercentOfTarget", r.secondsBelowRate());
        if (r.searchedRate() > 0) {
            m.put("maxSustainableMsgsPerSec", r.searchedRate());
        }
        return m;
    }

    private static Map<String, Object> summary(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        long secs = Math.max(1, r.measuredSeconds());
        Map<String, Object> tp = new LinkedHashMap<>();
        tp.put("publishMsgsPerSec", r.measuredSum(x -> x.acked) / (double) secs);
        tp.put("publishMBPerSec", r.measuredSum(x -> x.bytesSent) / (double) secs / 1e6);
        tp.put("consumeMsgsPerSec", r.measuredSum(x -> x.consumed) / (double) secs);
        tp.put("consumeMBPerSec", r.measuredSum(x -> x.bytesConsumed) / (double) secs / 1e6);
        tp.put("sendErrors", r.totals().sendErrors());
        m.put("throughput", tp);
        Map<String, Object> lat = new LinkedHashMap<>();
        for (Metric metric : Metric.values()) {
            lat.put(metric.key(), ResultWriter.figures(r.total(metric)));
        }
        m.put("latencyMicros", lat);
        return m;
    }

    private static Map<String, Object> sequences(SequenceAudit a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("totals", a.totals());
        m.put("partitions", a.partitions());
        m.put("meaning", "lost = acknowledged but not received by a subscription by the end of the drain;"
                + " duplicated = received again; outOfOrder = received after a later message of the same producer;"
                + " deliveredUnacked = received although its send failed or never completed");
        return m;
    }

    private static Map<String, Long> negatives(RunRecord r) {
        Map<String, Long> n = new LinkedHashMap<>();
        r.finals().forEach(f -> f.negativeSamples().forEach((k, v) -> n.merge(k, v, Long::sum)));
        return n;
    }

    private static Map<String, Object> cpu(RunRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        double busy = MachineCpu.busyShare(r.cpu().machineStart(), r.cpu().machineEnd());
        m.put("machineBusyShare", busy < 0 ? null : busy);
        m.put("cores", Runtime.getRuntime().availableProcessors());
        double targetSec = targetCpuSeconds(r);
        if (targetSec >= 0) {
            double gbProduced = r.measuredSum(x -> x.bytesSent) / 1e9;
            double gbConsumed = r.measuredSum(x -> x.bytesConsumed) / 1e9;
            m.put("targetCpuSeconds", targetSec);
            m.put("targetCpuSecondsPerGBProduced", gbProduced > 0 ? targetSec / gbProduced : null);
            m.put("targetCpuSecondsPerGBConsumed", gbConsumed > 0 ? targetSec / gbConsumed : null);
            m.put("targetCoresBusy", targetSec / Math.max(1, r.measuredSeconds()));
        }
        m.put("over", "the measured phase");
        return m;
    }

    /** CPU seconds the launched target used in the measured phase, or -1. */
    static double targetCpuSeconds(RunRecord r) {
        if (r.cpu().targetStartNs() < 0 || r.cpu().targetEndNs() < 0) {
            return -1;
        }
        return (r.cpu().targetEndNs() - r.cpu().targetStartNs()) / 1e9;
    }

    static String targetCpuText(RunRecord r) {
        double s = targetCpuSeconds(r);
        if (s < 0) {
            return "";
        }
        double gb = (r.measuredSum(x -> x.bytesSent) + r.measuredSum(x -> x.bytesConsumed)) / 1e9;
        return String.format(Locale.ROOT, "; target broker %.2f cores, %.1f CPU-s per GB produced+consumed",
                s / Math.max(1, r.measuredSeconds()), gb > 0 ? s / gb : 0.0);
    }

    private static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        try {
            m.put("host", InetAddress.getLocalHost().getHostName());
        } catch (java.io.IOException e) {
            m.put("host", "unknown");
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("memoryBytes", memory());
        m.put("cpuModel", cpuModel());
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments();
        m.put("jvmFlags", flags);
        m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        return m;
    }

    private static Object memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return Long.parseLong(line.replaceAll("\\D+", "")) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}

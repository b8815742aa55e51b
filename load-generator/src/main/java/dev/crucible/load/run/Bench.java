package dev.crucible.load.run;

import dev.crucible.launch.LaunchedTarget;
import dev.crucible.launch.Targets;
import dev.crucible.load.agent.Agent;
import dev.crucible.load.agent.AgentLink;
import dev.crucible.load.clock.LoadClock;
import dev.crucible.load.driver.BenchDriver;
import dev.crucible.load.driver.KafkaDriver;
import dev.crucible.load.driver.NoopDriver;
import dev.crucible.load.remote.RemoteAgent;
import dev.crucible.launch.GitRevision;
import dev.crucible.load.result.ResultWriter;
import dev.crucible.load.result.RunSettings;
import dev.crucible.load.workload.DriverSettings;
import dev.crucible.load.workload.Workload;
import dev.crucible.load.workload.WorkloadFiles;
import dev.crucible.load.workload.YamlFiles;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code crucible bench}: resolves workload, driver and targets, runs each target {@code repeat}
 * times interleaved (A B A B ...), each into its own result directory, and prints the summary of each
 * run and, with several targets, the ratios between them.
 */
public final class Bench {
    private static final DateTimeFormatter COMPARE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final BenchRequest req;
    private final PrintWriter out;
    private final LoadClock clock;

    /**
     * Makes reports of result directories as they are written. The load generator does not know the
     * reports module (DESIGN.md); the command line passes one in.
     */
    public interface Reporter {
        /** A report of one run, written into or beside {@code resultDir}; returns the HTML file. */
        Path runReport(Path resultDir) throws Exception;

        /** A comparison report of several runs into {@code outDir}; returns the HTML file. */
        Path comparisonReport(List<Path> resultDirs, Path outDir) throws Exception;
    }

    private final Reporter reporter;

    /** A bench of {@code req} printing to {@code out}, without reports. */
    public Bench(BenchRequest req, PrintWriter out) {
        this(req, out, null);
    }

    /** A bench of {@code req} printing to {@code out}; {@code reporter} (may be null) makes reports. */
    public Bench(BenchRequest req, PrintWriter out, Reporter reporter) {
        this(req, out, reporter, LoadClock.system());
    }

    /** As {@link #Bench(BenchRequest, PrintWriter, Reporter)}, reading and waiting on {@code clock}. */
    public Bench(BenchRequest req, PrintWriter out, Reporter reporter, LoadClock clock) {
        this.req = req;
        this.out = out;
        this.reporter = reporter;
        this.clock = clock;
    }

    /** Runs everything; returns the exit code (0 ok, 3 a run was INCOMPLETE, 4 a run missed its rate). */
    public int run() throws Exception {
        YamlFiles.Loaded<Workload> wf = WorkloadFiles.read(req.workloadFile(), req.overrides());
        YamlFiles.Loaded<DriverSettings> df = req.driverFile() == null ? null
                : new YamlFiles<>(DriverSettings.class).read(req.driverFile());
        warnIgnored(wf);
        if (df != null) {
            warnIgnored(df);
        }
        DriverSettings driver = df == null ? new DriverSettings() : df.value();
        List<String> targets = req.targets().isEmpty()
                ? List.of(driver.bootstrapServers() != null ? "bootstrap:" + driver.bootstrapServers() : "embedded")
                : req.targets();
        req.brokerConfig().requireLaunched(targets);
        for (String t : targets) {
            Targets.check(t);
            if (t.equals("noop") && wf.value().consumerBacklogSizeGB() > 0) {
                throw new IllegalArgumentException("consumerBacklogSizeGB needs a broker to hold the backlog; the noop target has none");
            }
        }
        List<List<RunOutcome>> outcomes = new ArrayList<>();
        targets.forEach(t -> outcomes.add(new ArrayList<>()));
        int exit = 0;
        for (int rep = 0; rep < req.repeat(); rep++) {
            for (int ti = 0; ti < targets.size(); ti++) {
                if (req.repeat() > 1 || targets.size() > 1) {
                    out.printf("%n=== %s, run %d of %d ===%n", targets.get(ti), rep + 1, req.repeat());
                }
                RunOutcome o = runOne(targets.get(ti), wf, driver, df);
                outcomes.get(ti).add(o);
                report("report      ", () -> reporter.runReport(o.resultDir()));
                exit = Math.max(exit, !o.complete() ? 3 : o.rateMissed() ? 4 : 0);
            }
        }
        if (targets.size() > 1) {
            Comparison.print(out, targets, outcomes);
        }
        if (targets.size() > 1 || req.repeat() > 1) {
            List<Path> dirs = new ArrayList<>();
            for (int rep = 0; rep < req.repeat(); rep++) {
                for (List<RunOutcome> perTarget : outcomes) {
                    dirs.add(perTarget.get(rep).resultDir());
                }
            }
            Path compareDir = dirs.get(0).toAbsolutePath().getParent().resolve("compare-"
                    + COMPARE_TIME.format(LocalDateTime.ofInstant(clock.now(), ZoneId.systemDefault())));
            report("comparison  ", () -> reporter.comparisonReport(dirs, compareDir));
        }
        return exit;
    }

    /**
     * Groups runs in reports: kind and version, and for the embedded broker (whose version is this
     * checkout) the git revision, so two builds of broker-ref compare as two labels.
     */
    static String defaultLabel(String kind, String version) {
        String label = kind + ":" + version;
        String rev = kind.equals("embedded") ? GitRevision.shortForm() : null;
        return rev == null ? label : label + "@" + rev;
    }

    private interface ReportCall {
        Path make() throws Exception;
    }

    /** Makes a report when there is a reporter; a report that fails is said, and the bench goes on. */
    private void report(String heading, ReportCall call) {
        if (reporter == null) {
            return;
        }
        try {
            out.println(heading + call.make());
        } catch (Exception e) {
            out.println(heading + "not made: " + e.getMessage());
        }
        out.flush();
    }

    private void warnIgnored(YamlFiles.Loaded<?> f) {
        if (!f.ignoredFields().isEmpty()) {
            out.println("note: " + f.name() + ": fields not used by Crucible: " + String.join(", ", f.ignoredFields()));
        }
    }

    private RunOutcome runOne(String targetText, YamlFiles.Loaded<Workload> wf, DriverSettings driver,
            YamlFiles.Loaded<DriverSettings> df) throws Exception {
        Workload w = wf.value();
        Path scratch = Files.createTempDirectory("crucible-target");
        try (LaunchedTarget target = Targets.launch(targetText, req.embeddedCommand(), scratch, req.cacheDir(),
                req.brokerConfig(), out)) {
            List<WorkerRef> workers = workers();
            String name = req.name() != null ? req.name() : w.name() + "-" + target.kind()
                    + ("embedded".equals(target.kind()) || "noop".equals(target.kind()) ? "" : "-" + target.version());
            String label = req.label() != null ? req.label() : defaultLabel(target.kind(), target.version());
            RunSettings s = new RunSettings(w, wf, driver, df, target.kind(), target.version(), target.bootstrap(),
                    target.pids(), req.outDir(), name, label, req.liveEvery(), req.brokerConfig().forKind(target.kind()));
            try (BenchDriver admin = target.bootstrap() == null ? new NoopDriver() : new KafkaDriver(target.bootstrap(), driver, clock)) {
                Coordinator c = new Coordinator(s, workers, admin, target::cpuNanos, out, clock);
                Thread hook = new Thread(c::interrupt);
                Runtime.getRuntime().addShutdownHook(hook);
                RunOutcome o;
                try {
                    o = c.run();
                } finally {
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException e) {
                        // shutting down
                    }
                }
                for (String line : ResultWriter.summaryLines(c.record(), o.resultDir())) {
                    out.println(line);
                }
                return o;
            }
        } finally {
            deleteTree(scratch);
        }
    }

    private List<WorkerRef> workers() {
        List<WorkerRef> list = new ArrayList<>();
        if (req.workers().isEmpty()) {
            list.add(new WorkerRef(AgentLink.local(new Agent(clock)), true, true));
            return list;
        }
        for (String spec : req.workers()) {
            String[] parts = spec.split("=", 2);
            String role = parts.length == 2 ? parts[1].toLowerCase(Locale.ROOT) : "both";
            if (!List.of("both", "producer", "consumer").contains(role)) {
                throw new IllegalArgumentException("worker " + spec + ": role must be producer, consumer or both");
            }
            list.add(new WorkerRef(RemoteAgent.of(parts[0]), !role.equals("consumer"), !role.equals("producer")));
        }
        return list;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}

package dev.crucible.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crucible.chaos.client.AssignConsumerClient;
import dev.crucible.chaos.client.ClientContext;
import dev.crucible.chaos.client.Crashes;
import dev.crucible.chaos.client.FinalReader;
import dev.crucible.chaos.client.Garbage;
import dev.crucible.chaos.client.GroupConsumerClient;
import dev.crucible.chaos.client.ProducerClient;
import dev.crucible.chaos.history.HistoryRecorder;
import dev.crucible.chaos.cluster.Liveness;
import dev.crucible.chaos.cluster.Node;
import dev.crucible.chaos.nemesis.DiskDamage;
import dev.crucible.chaos.nemesis.FaultWindow;
import dev.crucible.chaos.nemesis.Nemesis;
import dev.crucible.chaos.nemesis.NemesisRunner;
import dev.crucible.chaos.nemesis.Schedule;
import dev.crucible.chaos.time.RunClock;
import dev.crucible.check.format.EdnHistoryWriter;
import dev.crucible.check.history.Op;
import dev.crucible.check.kafka.Anomaly;
import dev.crucible.check.kafka.QueueChecker;
import dev.crucible.check.kafka.QueueResult;
import dev.crucible.launch.process.ShutdownGate;
import dev.crucible.launch.GitRevision;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One chaos run, start to verdict: launch (or connect to) the target, create the topic, run the
 * clients while the nemesis plays its schedule, heal, read everything back, check the history and
 * write the run directory. The run fails when the checker finds anomalies or garbage, and also when
 * the target itself did not come through ({@link TargetVerdict}: a node exited that no nemesis
 * stopped, or a node did not answer ApiVersions after a heal or at the end):
 *
 * <pre>
 * results/&lt;time&gt;-chaos-&lt;target&gt;/
 *   history.jsonl   every event (history.edn too with --edn)
 *   timeline.json   the faults: start, heal, what was done, the probes' evidence
 *   verdict.json    the checker's verdict, anomalies with examples, statistics
 *   run.json        settings, target, counts, faults (for reports), outcome
 *   ops.csv, send.hlog, poll.hlog   per-second operations and latencies
 *   report.html     when a reporter is given (the CLI gives one)
 *   n0/broker.out   each launched node's output (and data)
 * </pre>
 */
public final class ChaosRun {
    /** Exit codes. */
    public static final int VALID = 0;
    public static final int INVALID = 1;
    public static final int BAD_INPUT = 2;
    public static final int NOT_RUN = 3;

    static final String TOPIC = "crucible-chaos";
    static final String GROUP = "crucible-chaos";

    /** Renders the run directory into a page; the CLI wires the reports module in. */
    public interface Reporter {
        Path render(Path runDir) throws IOException;
    }

    private final ChaosSpec spec;
    private final PrintWriter out;
    private final Reporter reporter;
    private final RunClock clock;
    private final AtomicBoolean interrupted = new AtomicBoolean();

    /** A run of {@code spec} on the system's clocks, printing to {@code out}; {@code reporter} may be null. */
    public ChaosRun(ChaosSpec spec, PrintWriter out, Reporter reporter) {
        this(spec, out, reporter, RunClock.SYSTEM);
    }

    /** A run whose schedule, deadlines, history times and crash times all read {@code clock}. */
    public ChaosRun(ChaosSpec spec, PrintWriter out, Reporter reporter, RunClock clock) {
        this.spec = spec;
        this.out = out;
        this.reporter = reporter;
        this.clock = clock;
    }

    /** What a run ended with. */
    public record Outcome(int exitCode, Path runDir, QueueResult verdict) {}

    /** Makes a running {@link #run()} stop its clients early and go on to heal, read and check. */
    public void interrupt() {
        interrupted.set(true);
    }

    @SuppressWarnings("try") // the gate is held for the run's length, never called
    public Outcome run() throws IOException, InterruptedException {
        Schedule schedule = spec.scheduleFile() != null ? Schedule.read(spec.scheduleFile())
                : Schedule.periodic(spec.nemeses(), spec.interval(), spec.time());
        TreeSet<String> used = new TreeSet<>();
        schedule.events().forEach(e -> used.add(e.nemesis()));
        Nemeses.requireKnown(used);
        boolean needLab = used.stream().anyMatch(Nemeses::needsLab);
        if (needLab) {
            String why = dev.crucible.chaos.net.NetLab.unavailableReason().orElse(null);
            if (why != null) {
                throw new IllegalArgumentException("partition faults cannot run here: " + why);
            }
        }
        if (used.contains("fill")) {
            String why = dev.crucible.chaos.net.DataDisks.unavailableReason().orElse(null);
            if (why != null) {
                throw new IllegalArgumentException("the fill fault cannot run here: " + why);
            }
        }
        boolean needDisks = Nemeses.needsDisks(used) && !spec.target().startsWith("bootstrap:");
        String stamp = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        String name = stamp + "-chaos-" + spec.target().replaceAll("[^A-Za-z0-9.]+", "-");
        Path runDir = spec.out().resolve(name);
        Files.createDirectories(runDir);
        say("chaos run " + runDir);
        // Ctrl-C or SIGTERM: stop the clients early, then heal, read back and check before the JVM
        // goes; the hooks that stop nodes and namespaces wait for the gate.
        try (ShutdownGate.Hold gate = ShutdownGate.hold("crucible-chaos-interrupted", () -> {
            interrupt();
            say("interrupted: healing every fault, reading back and checking before exit");
        })) {
            return launchAndRun(schedule, used, needLab, needDisks, runDir);
        }
    }

    private Outcome launchAndRun(Schedule schedule, TreeSet<String> used, boolean needLab, boolean needDisks,
            Path runDir) throws IOException, InterruptedException {
        long t0 = clock.nanoTime();
        Testbed bed;
        try {
            bed = Testbed.start(spec, runDir, needLab, needDisks, Long.toString(ProcessHandle.current().pid() % 100000, 36),
                    line -> say("  " + line), clock);
        } catch (IOException e) {
            say("crucible chaos: the target did not start: " + e.getMessage());
            return new Outcome(NOT_RUN, runDir, null);
        }
        try (bed) {
            DiskDamage damage = new DiskDamage();
            Crashes crashes = new Crashes();
            AtomicLong processes = new AtomicLong();
            Liveness liveness = new Liveness(bed.cluster, Liveness.TIMEOUT, clock);
            Map<String, Nemesis> nemeses = Nemeses.create(used, bed, TOPIC, damage, crashes, processes::get, liveness,
                    spec);
            return run(schedule, nemeses, damage, crashes, processes, bed, liveness, runDir, t0);
        }
    }

    private Outcome run(Schedule schedule, Map<String, Nemesis> nemeses, DiskDamage damage, Crashes crashes,
            AtomicLong processes, Testbed bed, Liveness liveness, Path runDir, long t0)
            throws IOException, InterruptedException {
        say("  clients reach " + (bed.cluster.nodes().isEmpty() ? "a cluster this run did not launch"
                : bed.cluster.nodes().size() + " node(s)") + " at " + bed.cluster.bootstrap());
        int replicas = Topics.create(bed.cluster.bootstrap(), TOPIC, spec.keys(), Math.min(3, Math.max(1, bed.cluster.nodes().size())),
                spec.clientConfig(), Duration.ofSeconds(60), this::say);
        long startEpochMs = clock.epochMillis();
        HistoryRecorder recorder = new HistoryRecorder(runDir.resolve("history.jsonl"), clock);
        RunMetrics metrics = new RunMetrics(runDir, startEpochMs);
        recorder.listen(metrics);
        ClientContext ctx = new ClientContext(bed.cluster.bootstrap(), TOPIC, spec.keys(), recorder,
                Map.copyOf(spec.clientConfig()), processes, new AtomicLong(),
                new Garbage(), crashes);
        NemesisRunner nemesisRunner = new NemesisRunner(schedule, nemeses, recorder, spec.seed(), liveness,
                this::say);
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> clients = new ArrayList<>();
        for (int i = 0; i < spec.producers(); i++) {
            clients.add(thread("producer-" + i,
                    new ProducerClient(ctx, spec.rate() / spec.producers(), spec.seed() * 31 + i, stop)));
        }
        for (int i = 0; i < spec.assigners(); i++) {
            clients.add(thread("assigner-" + i, new AssignConsumerClient(ctx, 20, spec.seed() * 37 + i, stop)));
        }
        for (int i = 0; i < spec.members(); i++) {
            clients.add(thread("member-" + i, new GroupConsumerClient(ctx, GROUP, 20, stop)));
        }
        nemesisRunner.clientStart(recorder.now());
        Thread nemesisThread = thread("nemesis", nemesisRunner);
        clients.forEach(Thread::start);
        nemesisThread.start();
        LiveLine live = new LiveLine(out, spec.time(), nemesisRunner);
        long endNs = clock.nanoTime() + spec.time().toNanos();
        long nextSample = clock.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        int crashesSeen = 0;
        while (clock.nanoTime() - endNs < 0 && !interrupted.get()) {
            TimeUnit.NANOSECONDS.sleep(Math.max(1, Math.min(nextSample - clock.nanoTime(), TimeUnit.MILLISECONDS.toNanos(200))));
            if (clock.nanoTime() - nextSample >= 0) {
                live.second(metrics.sample(recorder), metrics.totals());
                nextSample += TimeUnit.SECONDS.toNanos(1);
                crashesSeen = sayNewCrashes(bed, crashesSeen);
            }
        }
        say("healing: ending the schedule" + (interrupted.get() ? " (interrupted)" : ""));
        nemesisRunner.stopAndHeal();
        nemesisThread.join(TimeUnit.SECONDS.toMillis(150));
        sayNewCrashes(bed, crashesSeen);
        Liveness.Check healed = liveness.check("the run's heal");
        recorder.nemesis("answers", Map.of("answers", healed.evidence()));
        say("  answers after healing: " + healed.evidence());
        reviveDeadNodes(bed);
        for (Nemesis n : nemeses.values()) {
            String left = n.finish();
            if (left != null) {
                recorder.nemesis("finish-" + n.name(), Map.of("cleanup", left));
                say("  " + n.name() + ": " + left);
            }
        }
        stop.set(true);
        for (Thread c : clients) {
            c.join(TimeUnit.SECONDS.toMillis(30));
        }
        say("final read: every partition to its end");
        FinalReader.Result fin = new FinalReader(ctx).read(spec.finalReadTimeout());
        say("  " + fin.summary());
        metrics.sample(recorder);
        metrics.close();
        recorder.close();
        List<Op> history = recorder.ops();
        if (spec.edn()) {
            EdnHistoryWriter.write(history, runDir.resolve("history.edn"));
        }
        QueueChecker checker = QueueChecker.defaults();
        List<String> allow = new ArrayList<>(spec.allow());
        checker = checker.allow(allow.toArray(String[]::new));
        QueueResult checked = FinalReadLoss.apply(checker.check(history), checker, history, fin.ends());
        QueueResult verdict = DiskExcuse.apply(checked, checker, history, damage.ranges(),
                bed.cluster.nodes().isEmpty() ? Integer.MAX_VALUE : replicas);
        boolean garbage = ctx.garbage().count() > 0;
        TargetVerdict target = TargetVerdict.of(bed.cluster, liveness);
        boolean valid = verdict.valid() && !garbage && target.healthy();
        List<FaultWindow> faults = nemesisRunner.windows();
        RunFiles.write(runDir, spec, bed, verdict, ctx.garbage(), target, faults, nemesisRunner.errors(), fin,
                metrics.totals(), history.size(), startEpochMs, (clock.nanoTime() - t0) / 1e9, valid, interrupted.get());
        say();
        say(verdict.summary().stripTrailing());
        if (garbage) {
            say("  garbage: " + ctx.garbage().count() + " record(s) that no producer wrote, e.g. "
                    + ctx.garbage().examples().get(0));
        }
        target.lines().forEach(this::say);
        say("faults: " + faults.size() + (nemesisRunner.errors().isEmpty() ? ""
                : ", nemesis errors: " + nemesisRunner.errors()));
        if (reporter != null) {
            try {
                say("report " + reporter.render(runDir));
            } catch (IOException | RuntimeException e) {
                say("no report: " + e.getMessage());
            }
        }
        say((valid ? "VALID" : "INVALID") + (target.healthy() ? "" : " (target " + target.word() + ")") + "  " + runDir);
        return new Outcome(valid ? VALID : INVALID, runDir, verdict);
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    private void say() {
        say("");
    }

    /** Says each crash found since the last call (so a user watching sees it when it happens); returns the count. */
    private int sayNewCrashes(Testbed bed, int seen) {
        List<String> all = new ArrayList<>();
        for (Node n : bed.cluster.nodes()) {
            all.addAll(n.crashes());
        }
        for (String c : all.subList(Math.min(seen, all.size()), all.size())) {
            say("CRASHED: " + c);
        }
        return all.size();
    }

    /**
     * Nodes a failed heal (or a crash) left down are started again (together: a cluster's voters
     * answer only once a quorum of them is back), so the final read sees everything kept.
     */
    private void reviveDeadNodes(Testbed bed) {
        List<Node> dead = bed.cluster.nodes().stream().filter(n -> !n.alive()).toList();
        if (dead.isEmpty()) {
            return;
        }
        String names = String.join(",", dead.stream().map(Node::name).toList());
        say("  restarting " + names + " for the final read");
        try {
            Node.restartAll(dead, Testbed.START_TIMEOUT);
        } catch (IOException | InterruptedException e) {
            say("  " + names + " did not all come back: " + e.getMessage());
        }
    }

    private static Thread thread(String name, Runnable r) {
        Thread t = new Thread(r, "chaos-" + name);
        t.setDaemon(true);
        return t;
    }

    static ObjectMapper json() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    static String revision() {
        return GitRevision.shortForm();
    }

    static Map<String, Object> anomalyJson(Anomaly a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", a.type());
        m.put("key", a.key());
        m.put("description", a.description());
        m.put("ops", a.opIndexes());
        return m;
    }
}

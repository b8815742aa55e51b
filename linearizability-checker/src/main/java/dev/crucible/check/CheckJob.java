package dev.crucible.check;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.crucible.check.format.Formats;
import dev.crucible.check.history.History;
import dev.crucible.check.history.HistoryFormatException;
import dev.crucible.check.kafka.QueueChecker;
import dev.crucible.check.kafka.QueueResult;
import dev.crucible.check.linear.CheckResult;
import dev.crucible.check.linear.Linearizability;
import dev.crucible.check.model.Model;
import dev.crucible.check.model.Models;
import dev.crucible.check.model.Operation;
import dev.crucible.check.render.Explain;
import dev.crucible.check.render.Timeline;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@code crucible check} does: read a history, check it, print the verdict, write the evidence. */
public final class CheckJob {
    /** Exit status: the history is valid. */
    public static final int VALID = 0;
    /** Exit status: the history is invalid. */
    public static final int INVALID = 1;
    /** Exit status: unknown (search cut off) or an error. */
    public static final int UNKNOWN_OR_ERROR = 2;

    /**
     * @param history the file
     * @param model a model name, "kafka", or null for the format's default
     * @param format a format name, or null to recognise it from the content
     * @param timeLimit search time limit
     * @param memoryBytes memory budget of the search
     * @param out where to write verdict.json and counterexample.html, or null
     * @param allow Kafka anomaly types to accept (like Jepsen's --ignore-queue-errors)
     */
    public record Settings(Path history, String model, String format, Duration timeLimit, long memoryBytes, Path out,
            List<String> allow) {}

    private CheckJob() {}

    /** Runs the check; returns the exit status. */
    public static int run(Settings s, PrintWriter out, PrintWriter err) {
        History h;
        try {
            h = Formats.read(s.history(), s.format());
        } catch (HistoryFormatException | IllegalArgumentException e) {
            err.println("crucible check: " + e.getMessage());
            return UNKNOWN_OR_ERROR;
        }
        String modelName = s.model() != null ? s.model() : defaultModel(h.format());
        if (modelName == null) {
            err.println("crucible check: --model is required for a " + h.format() + " history (models: kafka, "
                    + String.join(", ", Models.help().keySet()) + ")");
            return UNKNOWN_OR_ERROR;
        }
        try {
            return modelName.equals("kafka") ? kafka(h, s, out) : linear(h, Models.byName(modelName), s, out);
        } catch (HistoryFormatException | IllegalArgumentException e) {
            err.println("crucible check: " + e.getMessage());
            return UNKNOWN_OR_ERROR;
        } catch (IOException e) {
            err.println("crucible check: cannot write to " + s.out() + ": " + e.getMessage());
            return UNKNOWN_OR_ERROR;
        }
    }

    private static String defaultModel(String format) {
        return switch (format) {
            case "porcupine-etcd" -> "etcd";
            case "porcupine-kv" -> "kv";
            default -> null;
        };
    }

    private static int linear(History h, Model model, Settings s, PrintWriter out) throws IOException {
        CheckResult r = Linearizability.check(model, h.ops(), h.source(),
                new Linearizability.Settings(s.timeLimit(), s.memoryBytes(), Runtime.getRuntime().availableProcessors()));
        Explain.lines(r, model).forEach(out::println);
        if (s.out() != null) {
            Files.createDirectories(s.out());
            write(s.out().resolve("verdict.json"), verdictJson(r, model, h));
            if (r.invalid() != null) {
                Path html = s.out().resolve("counterexample.html");
                Files.writeString(html, Timeline.html(r, model, "Not linearizable: " + h.source().getFileName()));
                out.println("counterexample " + html.toAbsolutePath());
            }
            out.println("verdict        " + s.out().resolve("verdict.json").toAbsolutePath());
        }
        out.flush();
        return switch (r.verdict()) {
            case VALID -> VALID;
            case INVALID -> INVALID;
            default -> UNKNOWN_OR_ERROR;
        };
    }

    private static Map<String, Object> verdictJson(CheckResult r, Model model, History h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("history", String.valueOf(h.source()));
        m.put("format", h.format());
        m.put("model", model.name());
        m.put("verdict", r.verdict().name());
        m.put("reason", r.reason());
        m.put("operations", r.operations().size());
        m.put("crashed", r.operations().stream().filter(Operation::crashed).count());
        m.put("partitions", r.partitions());
        m.put("configurations", r.configs());
        m.put("elapsedMs", r.elapsedNs() / 1e6);
        if (r.invalid() != null) {
            Operation f = r.invalid().failing();
            m.put("failingIndex", f.completeIndex());
            m.put("failingOp", f.describe());
            m.put("previousOkIndex", r.previousOk() == null ? null : r.previousOk().index());
            m.put("states", r.invalid().states().stream().map(model::show).toList());
        }
        return m;
    }

    private static int kafka(History h, Settings s, PrintWriter out) throws IOException {
        QueueChecker checker = QueueChecker.defaults();
        if (!s.allow().isEmpty()) {
            checker = checker.allow(s.allow().toArray(String[]::new));
        }
        QueueResult r = checker.check(h.ops());
        out.println(r.summary());
        if (s.out() != null) {
            Files.createDirectories(s.out());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("history", String.valueOf(h.source()));
            m.put("model", "kafka");
            m.put("verdict", r.valid() ? "VALID" : "INVALID");
            m.put("errors", r.errors());
            m.put("stats", r.stats());
            write(s.out().resolve("verdict.json"), m);
            out.println("verdict " + s.out().resolve("verdict.json").toAbsolutePath());
        }
        out.flush();
        return r.valid() ? VALID : INVALID;
    }

    private static void write(Path file, Object tree) throws IOException {
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writer().writeValue(file.toFile(), tree);
    }
}

package dev.crucible.report.read;

import com.fasterxml.jackson.databind.JsonNode;
import dev.crucible.report.model.JmhRun;
import dev.crucible.report.model.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Everything a report is made from, read from the command line's arguments. An argument is a path,
 * or LABEL=PATH to put it in a group by hand. A path is a run directory (holding run.json), a folder
 * of run directories, an interval log (.hlog), a percentile file (.hgrm), or a JSON file (JMH's or
 * OMB's, told apart by their shape). Any file that cannot be used stops the whole report.
 *
 * @param runs latency/throughput runs, in argument order
 * @param jmh JMH result files, in argument order
 */
public record Inputs(List<Run> runs, List<JmhRun> jmh) {

    /**
     * @param args paths or LABEL=PATH
     * @param hlogToMicros unit factor for plain .hlog files (crucible's own run directories are microseconds)
     * @param hgrmToMicros unit factor for .hgrm files
     */
    public static Inputs read(List<String> args, double hlogToMicros, double hgrmToMicros) {
        List<Run> runs = new ArrayList<>();
        List<JmhRun> jmh = new ArrayList<>();
        for (String arg : args) {
            String label = null;
            Path path = Path.of(arg);
            int eq = arg.indexOf('=');
            if (eq > 0 && !Files.exists(path) && Files.exists(Path.of(arg.substring(eq + 1)))) {
                label = arg.substring(0, eq);
                path = Path.of(arg.substring(eq + 1));
            }
            readOne(path, label, hlogToMicros, hgrmToMicros, runs, jmh);
        }
        if (runs.isEmpty() && jmh.isEmpty()) {
            throw new IllegalArgumentException("nothing to report: give run directories, .hlog/.hgrm files or JMH/OMB JSON");
        }
        return new Inputs(uniqueIds(runs), jmh);
    }

    private static void readOne(Path path, String label, double hlogToMicros, double hgrmToMicros, List<Run> runs,
            List<JmhRun> jmh) {
        if (!Files.exists(path)) {
            throw new ReportInputException(path, "does not exist");
        }
        if (Files.isDirectory(path)) {
            if (Files.exists(path.resolve("run.json"))) {
                runs.add(RunDirReader.read(path, label));
                return;
            }
            List<Path> children = runDirsIn(path);
            if (children.isEmpty()) {
                throw new ReportInputException(path, "is a directory with no run.json in it or in its subdirectories");
            }
            children.forEach(c -> runs.add(RunDirReader.read(c, label)));
            return;
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        String stem = stem(path);
        if (name.endsWith(".hlog")) {
            runs.add(HlogReader.read(path, label != null ? label : stem, hlogToMicros));
        } else if (name.endsWith(".hgrm")) {
            runs.add(HgrmReader.read(path, label != null ? label : stem, hgrmToMicros));
        } else if (name.equals("run.json")) {
            runs.add(RunDirReader.read(path.toAbsolutePath().getParent(), label));
        } else if (name.endsWith(".json")) {
            JsonNode root = Json.read(path);
            if (JmhReader.looksLikeJmh(root)) {
                jmh.add(JmhReader.read(path, root, label != null ? label : stem));
            } else if (OmbReader.looksLikeOmb(root)) {
                runs.add(OmbReader.read(path, root, label != null ? label : stem));
            } else {
                throw new ReportInputException(path, "is JSON but neither a JMH result (-rf json) nor an OMB result");
            }
        } else {
            throw new ReportInputException(path, "is not a run directory, .hlog, .hgrm or .json file");
        }
    }

    private static List<Path> runDirsIn(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.exists(p.resolve("run.json"))).sorted().toList();
        } catch (IOException e) {
            throw new ReportInputException(dir, "cannot be listed: " + e.getMessage(), e);
        }
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    private static List<Run> uniqueIds(List<Run> runs) {
        Set<String> seen = new HashSet<>();
        List<Run> out = new ArrayList<>();
        for (Run r : runs) {
            String id = r.id();
            for (int i = 2; !seen.add(id); i++) {
                id = r.id() + "#" + i;
            }
            out.add(id.equals(r.id()) ? r : new Run(id, r.label(), r.source(), r.format(), r.metrics(), r.rates(),
                    r.warmupSec(), r.faults(), r.validity(), r.facts()));
        }
        return out;
    }
}

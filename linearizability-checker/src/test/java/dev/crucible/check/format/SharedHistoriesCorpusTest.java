package dev.crucible.check.format;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.check.history.History;
import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Reads every history under {@code ../shared/histories/} (DESIGN.md "Test vectors") and checks the
 * event counts against the folder's MANIFEST.md tables. When the folder is absent it says so and
 * checks nothing.
 */
class SharedHistoriesCorpusTest {

    /** {@code -Dcrucible.histories.dir=...}, else ../../shared/histories from the module directory. */
    static Path historiesDir() {
        String prop = System.getProperty("crucible.histories.dir");
        return prop != null && !prop.isBlank() ? Path.of(prop)
                : Path.of("..", "..", "shared", "histories").toAbsolutePath().normalize();
    }

    private static boolean present(Path dir) {
        if (Files.isDirectory(dir)) {
            return true;
        }
        System.out.println("shared histories not present at " + dir + "; corpus test checked nothing");
        return false;
    }

    /** Every table row of a Markdown file, keyed by its table's header cells; file cells unquoted. */
    static Map<String, Map<String, String>> manifestRows(Path manifest, String firstColumn)
            throws IOException {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        List<String> header = null;
        for (String line : Files.readAllLines(manifest)) {
            if (!line.startsWith("|")) {
                header = null;
                continue;
            }
            List<String> cells = Arrays.stream(line.substring(1, line.lastIndexOf('|')).split("\\|", -1))
                    .map(String::strip).toList();
            if (header == null) {
                header = cells;
            } else if (!cells.get(0).startsWith("---") && header.get(0).equals(firstColumn)) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size() && i < cells.size(); i++) {
                    row.put(header.get(i), cells.get(i));
                }
                rows.put(cells.get(0).replace("`", ""), row);
            }
        }
        return rows;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(suffix))
                    .sorted().toList();
        }
    }

    private static String rel(Path base, Path file) {
        return base.relativize(file).toString().replace('\\', '/');
    }

    private static long count(History h, OpType t) {
        return h.ops().stream().filter(o -> o.type() == t).count();
    }

    @Test
    void knossosHistoriesMatchTheManifest() throws IOException {
        Path dir = historiesDir().resolve("knossos");
        if (!present(dir)) {
            return;
        }
        Map<String, Map<String, String>> manifest = manifestRows(dir.resolve("MANIFEST.md"), "file");
        List<Path> files = files(dir, ".edn");
        assertThat(files).isNotEmpty();
        TreeSet<String> onDisk = files.stream().map(p -> rel(dir, p))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(onDisk)
                .as("every .edn file has a MANIFEST row and every row a file")
                .isEqualTo(new TreeSet<>(manifest.keySet()));
        for (Path f : files) {
            Map<String, String> row = manifest.get(rel(dir, f));
            History h = Formats.read(f, null);
            assertThat(h.format()).as(f.toString()).isEqualTo("edn");
            assertThat(h.ops()).as("events of %s", f).hasSize(Integer.parseInt(row.get("events")));
            assertThat(h.ops()).as("types and processes of %s", f).allSatisfy(op -> {
                assertThat(op.type()).isNotNull();
                assertThat(op.process()).isInstanceOfAny(Long.class, Keyword.class);
                assertThat(op.line()).isPositive();
            });
            for (int i = 1; i < h.ops().size(); i++) {
                assertThat(h.ops().get(i).line()).as("lines increase in %s", f)
                        .isGreaterThanOrEqualTo(h.ops().get(i - 1).line());
            }
        }
        System.out.println("knossos: read " + files.size() + " histories, event counts match MANIFEST.md");
    }

    @Test
    void porcupineEtcdLogsMatchTheManifest() throws IOException {
        Path dir = historiesDir().resolve("porcupine");
        if (!present(dir)) {
            return;
        }
        Map<String, Map<String, String>> manifest = manifestRows(dir.resolve("MANIFEST.md"), "file");
        List<Path> files = files(dir.resolve("jepsen"), ".log");
        assertThat(files).isNotEmpty();
        List<String> listed = manifest.keySet().stream().filter(k -> k.startsWith("jepsen/")).sorted().toList();
        assertThat(files.stream().map(p -> rel(dir, p)).toList()).isEqualTo(listed);
        for (Path f : files) {
            Map<String, String> row = manifest.get(rel(dir, f));
            History h = Formats.read(f, null);
            assertThat(h.format()).as(f.toString()).isEqualTo("porcupine-etcd");
            assertThat(h.ops()).as("events of %s", f).hasSize(Integer.parseInt(row.get("events")));
            assertThat(count(h, OpType.INVOKE)).as("invokes of %s", f).isEqualTo(Long.parseLong(row.get("invokes")));
            assertThat(count(h, OpType.FAIL)).as("fails of %s", f).isEqualTo(Long.parseLong(row.get("fails")));
            assertThat(count(h, OpType.INFO)).as("infos of %s", f).isEqualTo(Long.parseLong(row.get("infos")));
            assertThat(h.ops()).extracting(Op::index)
                    .isEqualTo(java.util.stream.LongStream.range(0, h.ops().size()).boxed().toList());
            assertThat(h.ops()).allSatisfy(op -> {
                assertThat(op.process()).isInstanceOf(Long.class);
                assertThat(op.f()).isIn("read", "write", "cas");
                assertThat(op.time()).isEqualTo(-1);
            });
        }
        System.out.println("porcupine etcd: read " + files.size() + " logs, counts match MANIFEST.md");
    }

    @Test
    void porcupineKvHistoriesMatchTheManifest() throws IOException {
        Path dir = historiesDir().resolve("porcupine");
        if (!present(dir)) {
            return;
        }
        Map<String, Map<String, String>> manifest = manifestRows(dir.resolve("MANIFEST.md"), "file");
        List<Path> files = files(dir.resolve("kv"), ".txt");
        assertThat(files).isNotEmpty();
        List<String> listed = manifest.keySet().stream().filter(k -> k.startsWith("kv/")).sorted().toList();
        assertThat(files.stream().map(p -> rel(dir, p)).toList()).isEqualTo(listed);
        for (Path f : files) {
            Map<String, String> row = manifest.get(rel(dir, f));
            History asEdn = Formats.read(f, null);
            History h = Formats.read(f, "porcupine-kv");
            assertThat(asEdn.format()).isEqualTo("edn");
            assertThat(h.format()).isEqualTo("porcupine-kv");
            assertThat(asEdn.ops()).isEqualTo(h.ops());
            assertThat(h.ops()).as("events of %s", f).hasSize(Integer.parseInt(row.get("lines")));
            assertThat(count(h, OpType.INVOKE)).as("ops of %s", f).isEqualTo(Long.parseLong(row.get("ops")));
            assertThat(h.ops()).allSatisfy(op -> {
                assertThat(op.extra()).containsOnlyKeys("key");
                assertThat(op.f()).isIn("get", "put", "append");
            });
            long clients = h.ops().stream().map(Op::process).distinct().count();
            assertThat(clients).as("clients of %s", f).isEqualTo(Long.parseLong(row.get("clients")));
        }
        System.out.println("porcupine kv: read " + files.size() + " histories, counts match MANIFEST.md");
    }

    @Test
    void everyCorpusHistoryRoundTripsThroughTheWriters() throws IOException {
        Path dir = historiesDir();
        if (!present(dir)) {
            return;
        }
        List<Path> all = new ArrayList<>(files(dir.resolve("knossos"), ".edn"));
        all.addAll(files(dir.resolve("porcupine"), ".log"));
        all.addAll(files(dir.resolve("porcupine"), ".txt"));
        for (Path f : all) {
            List<Op> ops = Formats.read(f, null).ops();
            List<Op> viaEdn = EdnHistoryReader.parse(EdnHistoryWriter.toText(ops)).ops();
            assertThat(withoutLines(viaEdn)).as("EDN round trip of %s", f).isEqualTo(withoutLines(ops));
            List<Op> viaJson = JsonLinesReader.parse(JsonLinesWriter.toText(ops)).ops();
            assertThat(viaJson).as("JSON round trip of %s", f).hasSameSizeAs(ops);
            for (int i = 0; i < ops.size(); i++) {
                Op a = ops.get(i);
                Op b = viaJson.get(i);
                assertThat(List.of(b.index(), b.type(), b.process(), b.f(), b.time()))
                        .as("JSON round trip of %s event %d", f, i)
                        .isEqualTo(List.of(a.index(), a.type(), a.process(), a.f(), a.time()));
            }
        }
    }

    private static List<Op> withoutLines(List<Op> ops) {
        return ops.stream()
                .map(o -> new Op(o.index(), o.type(), o.process(), o.f(), o.value(), o.time(), o.extra(), 0))
                .toList();
    }

    @Test
    void immediateFailureSpotCheck() {
        Path f = historiesDir().resolve("knossos/cas-register/bad/immediate-failure.edn");
        if (!present(historiesDir())) {
            return;
        }
        List<Op> ops = Formats.read(f, null).ops();
        assertThat(ops).extracting(Op::process).containsExactly(1L, 101L, 101L, 1L);
        assertThat(ops).extracting(Op::type)
                .containsExactly(OpType.INVOKE, OpType.INVOKE, OpType.FAIL, OpType.OK);
        assertThat(ops).extracting(Op::f).containsExactly("read", "write", "write", "read");
        assertThat(ops).extracting(Op::value).containsExactly(null, 3L, 3L, 3L);
        assertThat(ops).extracting(Op::index).containsExactly(0L, 1L, 2L, 3L);
        assertThat(ops).extracting(Op::line).containsExactly(1, 2, 3, 4);
        assertThat(ops.get(2).extra())
                .isEqualTo(Map.of("error", Arrays.asList(Keyword.of("temporarily-unavailable"), null)));
        assertThat(ops.get(3).extra()).isEmpty();
        assertThat(ops).allSatisfy(op -> assertThat(op.time()).isEqualTo(-1));
    }

    @Test
    void mutexHistorySpotCheck() {
        Path f = historiesDir().resolve("knossos/mutex/bad/etcd.edn");
        if (!present(historiesDir())) {
            return;
        }
        List<Op> ops = Formats.read(f, null).ops();
        assertThat(ops.get(0)).isEqualTo(new Op(0, OpType.INVOKE, 1L, "release", null, 341187643,
                Map.of(), 1));
        assertThat(ops.get(1).extra()).isEqualTo(Map.of("error", Keyword.of("not-held")));
        assertThat(ops.get(1).type()).isEqualTo(OpType.FAIL);
        assertThat(ops.get(2).f()).isEqualTo("acquire");
        assertThat(ops.get(2).time()).isEqualTo(371408519L);
    }

    @Test
    void etcdSpotCheck() {
        Path f = historiesDir().resolve("porcupine/jepsen/etcd_000.log");
        if (!present(historiesDir())) {
            return;
        }
        List<Op> ops = Formats.read(f, null).ops();
        List<Op> expected = new ArrayList<>(List.of(
                new Op(0, OpType.INVOKE, 0L, "read", null, -1, Map.of(), 1),
                new Op(1, OpType.INVOKE, 3L, "read", null, -1, Map.of(), 2),
                new Op(2, OpType.INVOKE, 2L, "write", 4L, -1, Map.of(), 3),
                new Op(3, OpType.INVOKE, 1L, "write", 2L, -1, Map.of(), 4),
                new Op(4, OpType.INVOKE, 4L, "write", 3L, -1, Map.of(), 5)));
        assertThat(ops.subList(0, 5)).isEqualTo(expected);
        assertThat(ops).anySatisfy(op -> {
            assertThat(op.f()).isEqualTo("cas");
            assertThat(op.value()).isInstanceOf(List.class);
            assertThat((List<?>) op.value()).hasSize(2).allMatch(Long.class::isInstance);
        });
        assertThat(ops).anySatisfy(op -> {
            assertThat(op.type()).isEqualTo(OpType.INFO);
            assertThat(op.value()).isEqualTo(Keyword.of("timed-out"));
        });
    }
}

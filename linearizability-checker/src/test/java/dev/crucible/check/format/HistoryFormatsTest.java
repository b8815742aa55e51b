package dev.crucible.check.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.check.history.History;
import dev.crucible.check.history.HistoryFormatException;
import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryFormatsTest {

    private static Keyword kw(String name) {
        return Keyword.of(name);
    }

    // ------------------------------------------------------------------ EDN histories

    @Test
    void ednVectorOfMapsBecomesOps() {
        History h = EdnHistoryReader.parse("""
            ; a comment
            [{:type :invoke, :process 1, :f :read, :value nil, :time 10}
             {:type :ok,
              :process 1, :f :read, :value 3, :time 20, :error nil}
             {:type :info, :process :nemesis, :f :start, :value "partition"}]
            """);
        assertThat(h.format()).isEqualTo("edn");
        assertThat(h.source()).isNull();
        assertThat(h.ops()).hasSize(3);
        Op a = h.ops().get(0);
        assertThat(a).isEqualTo(new Op(0, OpType.INVOKE, 1L, "read", null, 10, Map.of(), 2));
        Op b = h.ops().get(1);
        assertThat(b.type()).isEqualTo(OpType.OK);
        assertThat(b.value()).isEqualTo(3L);
        assertThat(b.line()).isEqualTo(3);
        assertThat(b.extra()).containsOnlyKeys("error").containsEntry("error", null);
        Op c = h.ops().get(2);
        assertThat(c.process()).isEqualTo(kw("nemesis"));
        assertThat(c.isClient()).isFalse();
        assertThat(c.time()).isEqualTo(-1);
        assertThat(c.index()).isEqualTo(2);
        assertThat(c.line()).isEqualTo(5);
    }

    @Test
    void ednListAndStreamReadTheSame() {
        String maps = "{:process 0, :type :invoke, :f :write, :value 1}\n"
                + "{:process 0, :type :ok, :f write, :value 1}\n";
        History stream = EdnHistoryReader.parse(maps);
        History list = EdnHistoryReader.parse("(" + maps + ")");
        assertThat(stream.ops()).isEqualTo(list.ops());
        assertThat(stream.ops()).extracting(Op::f).containsExactly("write", "write");
        assertThat(EdnHistoryReader.parse("").ops()).isEmpty();
        assertThat(EdnHistoryReader.parse("[]").ops()).isEmpty();
    }

    @Test
    void uniqueIndicesAreKept() {
        History h = EdnHistoryReader.parse("""
            {:process 0, :type :invoke, :f :read, :index 10}
            {:process 0, :type :ok, :f :read, :value 1, :index 7}
            {:process 1, :type :invoke, :f :read, :index 42}
            """);
        assertThat(h.ops()).extracting(Op::index).containsExactly(10L, 7L, 42L);
        assertThat(h.ops()).allSatisfy(op -> assertThat(op.extra()).doesNotContainKey("index"));
    }

    @Test
    void duplicateOrMissingIndicesFallBackToPositions() {
        History dup = EdnHistoryReader.parse("""
            {:process 0, :type :invoke, :f :read, :index 5}
            {:process 0, :type :ok, :f :read, :index 5}
            {:process 1, :type :invoke, :f :read, :index 6}
            """);
        assertThat(dup.ops()).extracting(Op::index).containsExactly(0L, 1L, 2L);
        History missing = EdnHistoryReader.parse("""
            [{:process 0, :type :invoke, :f :read, :index 5}
             {:process 0, :type :ok, :f :read}
             {:process 1, :type :invoke, :f :read, :index 9}]
            """);
        assertThat(missing.ops()).extracting(Op::index).containsExactly(0L, 1L, 2L);
        History notInteger = EdnHistoryReader.parse("""
            {:process 0, :type :invoke, :f :read, :index 5}
            {:process 0, :type :ok, :f :read, :index "6"}
            """);
        assertThat(notInteger.ops()).extracting(Op::index).containsExactly(0L, 1L);
    }

    @Test
    void ednHistoryErrorsNameTheLine() {
        assertHistoryError("{:process 0, :type :invoke, :f :read}\n\n{:process 0, :type :done, :f :read}",
                3, "expected one of :invoke, :ok, :fail, :info");
        assertHistoryError("[{:process 0, :type :invoke, :f :read}\n 42]", 2, "expected an event map");
        assertHistoryError("{:process 0, :f :read}", 1, "missing :type");
        assertHistoryError("\n{:type :ok, :f :read}", 2, "missing :process");
        assertHistoryError("{:type :ok, :process 1}", 1, "missing :f");
        assertHistoryError("{:type :ok, :process 1.5, :f :x}", 1, ":process is 1.5");
        assertHistoryError("{:type :ok, :process 1, :f 3}", 1, ":f is 3");
        assertHistoryError("{:type :ok, :process 1, :f :x, :time \"soon\"}", 1, ":time is \"soon\"");
        assertHistoryError("[{:type :ok, :process 1, :f :x}]\n{:type :ok, :process 1, :f :x}", 2,
                "expected end of input after the history's closing bracket");
        assertHistoryError("[{:type :ok, :process 1, :f :x}\n", 1, "expected ']'");
    }

    private static void assertHistoryError(String text, int line, String fragment) {
        assertThatThrownBy(() -> EdnHistoryReader.parse(text))
                .as("reading %s", text)
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("input:" + line + ": ")
                .hasMessageContaining(fragment);
    }

    private static List<Op> sampleOps() {
        Map<Object, Object> nested = new LinkedHashMap<>();
        nested.put("partition", List.of(List.of(1L, 2L), List.of(3L)));
        nested.put("count", 2L);
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("error", List.of(kw("timeout"), "broker 2"));
        extra.put("key", "k-0");
        return List.of(
                new Op(0, OpType.INVOKE, 3L, "send", List.of(1L, "a \"quoted\"\nline"), 100, Map.of(), 1),
                new Op(1, OpType.OK, 3L, "send", List.of(1L, List.of(4L, 5L)), 250, extra, 2),
                new Op(2, OpType.INFO, kw("nemesis"), "partition", nested, -1, Map.of(), 3),
                new Op(3, OpType.FAIL, 0L, "poll", null, 300, Map.of("tx", true), 4),
                new Op(4, OpType.OK, 1L, "read", -2.5d, 400, Map.of(), 5));
    }

    private static List<Op> withoutLines(List<Op> ops) {
        return ops.stream()
                .map(o -> new Op(o.index(), o.type(), o.process(), o.f(), o.value(), o.time(), o.extra(), 0))
                .toList();
    }

    @Test
    void ednWriterRoundTrips() {
        List<Op> ops = new java.util.ArrayList<>(sampleOps());
        ops.add(new Op(5, OpType.OK, 2L, "cas", Set.of(kw("timed-out"), 1L), 500,
                Map.of("odd key", Map.of(kw("k"), List.of())), 6));
        String text = EdnHistoryWriter.toText(ops);
        assertThat(text.lines()).hasSize(ops.size());
        assertThat(text.lines().findFirst().orElseThrow())
                .isEqualTo("{:index 0, :time 100, :process 3, :type :invoke, :f :send, "
                        + ":value [1 \"a \\\"quoted\\\"\\nline\"]}");
        assertThat(text).contains(":process :nemesis, :type :info, :f :partition");
        assertThat(text).contains("\"odd key\" {:k []}");
        History back = EdnHistoryReader.parse(text);
        assertThat(withoutLines(back.ops())).isEqualTo(withoutLines(ops));
        assertThat(back.ops()).extracting(Op::line).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void ednWriterOutputIsAlsoAVectorElementStream() {
        String text = "[" + EdnHistoryWriter.toText(sampleOps()) + "]";
        assertThat(withoutLines(EdnHistoryReader.parse(text).ops())).isEqualTo(withoutLines(sampleOps()));
    }

    // ------------------------------------------------------------------ JSON lines

    @Test
    void jsonLinesReadTheDesignShape() {
        History h = JsonLinesReader.parse("""
            {"index":0,"time":123,"process":3,"type":"invoke","f":"send","value":{"partition":0,"offsets":[1,2]}}

            {"index":1,"time":130,"process":"nemesis","type":"info","f":"kill","value":null,"node":"n1"}
            {"index":2,"process":3,"type":"ok","f":"send","value":1.5}
            """);
        assertThat(h.format()).isEqualTo("jsonl");
        assertThat(h.ops()).hasSize(3);
        Op a = h.ops().get(0);
        assertThat(a.process()).isEqualTo(3L);
        assertThat(a.type()).isEqualTo(OpType.INVOKE);
        assertThat(a.f()).isEqualTo("send");
        assertThat(a.time()).isEqualTo(123);
        assertThat(a.value()).isEqualTo(Map.of("partition", 0L, "offsets", List.of(1L, 2L)));
        Op b = h.ops().get(1);
        assertThat(b.process()).isEqualTo(kw("nemesis"));
        assertThat(b.extra()).isEqualTo(Map.of("node", "n1"));
        assertThat(b.line()).isEqualTo(3);
        Op c = h.ops().get(2);
        assertThat(c.time()).isEqualTo(-1);
        assertThat(c.value()).isEqualTo(1.5d);
        assertThat(h.ops()).extracting(Op::index).containsExactly(0L, 1L, 2L);
    }

    @Test
    void malformedJsonLineReportsItsLineNumber() {
        String ok = "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}\n";
        assertJsonError(ok + ok + "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\n", 3, "malformed JSON");
        assertJsonError(ok + "\n[1,2]\n", 3, "expected a JSON object");
        assertJsonError(ok + "{\"process\":1,\"type\":\"done\",\"f\":\"read\"}", 2,
                "expected one of \"invoke\"");
        assertJsonError("{\"process\":1,\"f\":\"read\"}", 1, "missing \"type\"");
        assertJsonError("{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"f\":\"write\"}", 1,
                "malformed JSON");
        assertJsonError("{\"process\":1,\"type\":\"ok\",\"f\":\"read\"} trailing", 1, "malformed JSON");
    }

    private static void assertJsonError(String text, int line, String fragment) {
        assertThatThrownBy(() -> JsonLinesReader.parse(text))
                .as("reading %s", text)
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("input:" + line + ": ")
                .hasMessageContaining(fragment);
    }

    @Test
    void jsonLinesRoundTrip() {
        List<Op> ops = sampleOps();
        String text = JsonLinesWriter.toText(ops);
        assertThat(text.lines().findFirst().orElseThrow()).isEqualTo(
                "{\"index\":0,\"time\":100,\"process\":3,\"type\":\"invoke\",\"f\":\"send\","
                        + "\"value\":[1,\"a \\\"quoted\\\"\\nline\"]}");
        List<Op> back = JsonLinesReader.parse(text).ops();
        assertThat(back).hasSize(ops.size());
        // Everything survives except that keywords inside values come back as their names.
        for (int i = 0; i < ops.size(); i++) {
            Op o = ops.get(i);
            Op r = back.get(i);
            assertThat(r.index()).isEqualTo(o.index());
            assertThat(r.type()).isEqualTo(o.type());
            assertThat(r.process()).isEqualTo(o.process());
            assertThat(r.f()).isEqualTo(o.f());
            assertThat(r.time()).isEqualTo(o.time());
            assertThat(r.line()).isEqualTo(i + 1);
        }
        assertThat(back.get(0).value()).isEqualTo(o(0).value());
        assertThat(back.get(1).value()).isEqualTo(List.of(1L, List.of(4L, 5L)));
        assertThat(back.get(1).extra()).isEqualTo(Map.of("error", List.of("timeout", "broker 2"), "key", "k-0"));
        assertThat(back.get(2).value()).isEqualTo(o(2).value());
        assertThat(back.get(3).extra()).isEqualTo(Map.of("tx", true));
        assertThat(back.get(4).value()).isEqualTo(-2.5d);
    }

    private static Op o(int i) {
        return sampleOps().get(i);
    }

    @Test
    void jsonWriterRendersSetsAndNonStringKeys() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(kw("k"), 1L);
        m.put(7L, Arrays.asList((Object) null));
        m.put(List.of(1L, 2L), "pair");
        Op op = new Op(0, OpType.OK, 1L, "x", List.of(Set.of(5L), m), -1, Map.of(), 0);
        assertThat(JsonLinesWriter.line(op)).isEqualTo(
                "{\"index\":0,\"process\":1,\"type\":\"ok\",\"f\":\"x\","
                        + "\"value\":[[5],{\"k\":1,\"7\":[null],\"[1 2]\":\"pair\"}]}");
        Op bad = new Op(0, OpType.OK, 1L, "x", null, -1, Map.of("type", 1L), 0);
        assertThatThrownBy(() -> JsonLinesWriter.line(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EdnHistoryWriter.line(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writersRefuseAKeywordProcessThatWouldReadBackAsAnotherProcess() {
        // Found by HistoryCodecPropertiesTest: such a process was written, then read back as
        // Keyword("x") or refused by the reader.
        for (String name : List.of("", ":x")) {
            Op op = new Op(0, OpType.INFO, kw(name), "kill", null, -1, Map.of(), 0);
            assertThatThrownBy(() -> JsonLinesWriter.line(op))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("keyword process \"" + name + "\"");
            assertThatThrownBy(() -> EdnHistoryWriter.line(op))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("keyword process \"" + name + "\"");
        }
        Op spaced = new Op(0, OpType.INFO, kw("two words"), "kill", null, -1, Map.of(), 0);
        assertThat(EdnHistoryReader.parse(EdnHistoryWriter.line(spaced)).ops().get(0).process()).isEqualTo(kw("two words"));
        assertThat(JsonLinesReader.parse(JsonLinesWriter.line(spaced)).ops().get(0).process()).isEqualTo(kw("two words"));
    }

    // ------------------------------------------------------------------ Porcupine

    @Test
    void porcupineEtcdLinesAreParsed() {
        History h = PorcupineEtcdReader.parse("""
            INFO  jepsen.core - Running test
            INFO  jepsen.util - 3\t:invoke\t:cas\t[4 0]
            some other output
            INFO  jepsen.util - 3\t:fail\t:cas\t[4 0]
            INFO  jepsen.util - 0    :ok    :read   nil
            INFO  jepsen.util - 1\t:info\t:write\t:timed-out
            INFO  jepsen.util - 2 :ok :cas [ 1  2 ]
            """);
        assertThat(h.format()).isEqualTo("porcupine-etcd");
        assertThat(h.ops()).containsExactly(
                new Op(0, OpType.INVOKE, 3L, "cas", List.of(4L, 0L), -1, Map.of(), 2),
                new Op(1, OpType.FAIL, 3L, "cas", List.of(4L, 0L), -1, Map.of(), 4),
                new Op(2, OpType.OK, 0L, "read", null, -1, Map.of(), 5),
                new Op(3, OpType.INFO, 1L, "write", kw("timed-out"), -1, Map.of(), 6),
                new Op(4, OpType.OK, 2L, "cas", List.of(1L, 2L), -1, Map.of(), 7));
    }

    @Test
    void porcupineEtcdBadEventLineReportsItsLine() {
        assertThatThrownBy(() -> PorcupineEtcdReader.parse(
                "INFO  jepsen.util - 3\t:invoke\t:read\tnil\nINFO  jepsen.util - 3\t:done\t:read\tnil\n"))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("input:2: ")
                .hasMessageContaining("expected a type");
        assertThatThrownBy(() -> PorcupineEtcdReader.parse("x\nINFO  jepsen.util - 3\t:ok\t:cas\t[4 0\n"))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("input:2: ")
                .hasMessageContaining("expected ']'");
        assertThatThrownBy(() -> PorcupineEtcdReader.parse("INFO  jepsen.util - 3 :ok\n"))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("input:1: ");
    }

    @Test
    void porcupineKvKeepsTheKeyInExtra() {
        History h = PorcupineKvReader.parse("""
            {:process 0, :type :invoke, :f :append, :key "0", :value "x 0 0 y"}
            {:process 0, :type :ok, :f :append, :key "0", :value "x 0 0 y"}
            {:process 1, :type :invoke, :f :get, :key "4", :value nil}
            """);
        assertThat(h.format()).isEqualTo("porcupine-kv");
        assertThat(h.ops()).extracting(op -> op.extra().get("key")).containsExactly("0", "0", "4");
        assertThat(h.ops().get(0).value()).isEqualTo("x 0 0 y");
        assertThat(h.ops().get(2).f()).isEqualTo("get");
        assertThat(h.ops()).extracting(Op::line).containsExactly(1, 2, 3);
    }

    // ------------------------------------------------------------------ Formats

    @Test
    void formatsRecogniseContent(@TempDir Path dir) throws IOException {
        Path jsonl = Files.writeString(dir.resolve("h.jsonl"),
                "\n  {\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}\n");
        Path etcd = Files.writeString(dir.resolve("etcd.log"),
                "starting\nINFO  jepsen.util - 1\t:invoke\t:read\tnil\n");
        Path edn = Files.writeString(dir.resolve("h.edn"), "{:process 1, :type :invoke, :f :read}\n");
        assertThat(Formats.detect(jsonl)).isEqualTo("jsonl");
        assertThat(Formats.detect(etcd)).isEqualTo("porcupine-etcd");
        assertThat(Formats.detect(edn)).isEqualTo("edn");
        assertThat(Formats.read(jsonl, null).ops()).hasSize(1);
        assertThat(Formats.read(jsonl, null).source()).isEqualTo(jsonl);
        assertThat(Formats.read(etcd, null).format()).isEqualTo("porcupine-etcd");
        assertThat(Formats.read(edn, null).format()).isEqualTo("edn");
        assertThat(Formats.read(edn, "porcupine-kv").format()).isEqualTo("porcupine-kv");
        assertThat(Formats.read(edn, " EDN ").format()).isEqualTo("edn");
    }

    @Test
    void formatsRejectUnknownNamesAndMissingFiles(@TempDir Path dir) throws IOException {
        assertThat(Formats.names()).containsExactly("jsonl", "edn", "porcupine-etcd", "porcupine-kv");
        Path edn = Files.writeString(dir.resolve("h.edn"), "");
        assertThatThrownBy(() -> Formats.read(edn, "xml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("xml")
                .hasMessageContaining("jsonl, edn, porcupine-etcd, porcupine-kv");
        Path missing = dir.resolve("nope.edn");
        assertThatThrownBy(() -> Formats.read(missing, null))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("no such file");
        assertThatThrownBy(() -> Formats.read(missing, "jsonl"))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> Formats.read(dir, null))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("not a regular file");
    }

    @Test
    void formatsWriteWhatTheyRead(@TempDir Path dir) {
        History h = new History(sampleOps(), null, "edn");
        Path e = dir.resolve("out.edn");
        Path j = dir.resolve("out.jsonl");
        Formats.write(h, e, "edn");
        Formats.write(h, j, "jsonl");
        assertThat(withoutLines(Formats.read(e, null).ops())).isEqualTo(withoutLines(h.ops()));
        assertThat(Formats.read(j, null).ops()).hasSize(h.ops().size());
        assertThat(Formats.read(e, null).source()).isEqualTo(e);
        assertThatThrownBy(() -> Formats.write(h, e, "porcupine-etcd"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Formats.read(e, null).ops().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}

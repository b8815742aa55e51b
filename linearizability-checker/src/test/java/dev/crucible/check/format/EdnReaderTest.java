package dev.crucible.check.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crucible.check.history.HistoryFormatException;
import dev.crucible.check.history.Keyword;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EdnReaderTest {

    private static Object edn(String text) {
        return EdnReader.parse(text);
    }

    private static Keyword kw(String name) {
        return Keyword.of(name);
    }

    @Test
    void scalars() {
        assertThat(edn("nil")).isNull();
        assertThat(edn("true")).isEqualTo(Boolean.TRUE);
        assertThat(edn("false")).isEqualTo(Boolean.FALSE);
        assertThat(edn("42")).isEqualTo(42L);
        assertThat(edn("-7")).isEqualTo(-7L);
        assertThat(edn("+7")).isEqualTo(7L);
        assertThat(edn("0")).isEqualTo(0L);
        assertThat(edn("5N")).isEqualTo(5L);
        assertThat(edn("9223372036854775807")).isEqualTo(Long.MAX_VALUE);
        assertThat(edn("9223372036854775808")).isEqualTo(new BigInteger("9223372036854775808"));
        assertThat(edn("-9223372036854775808")).isEqualTo(Long.MIN_VALUE);
        assertThat(edn("1.5")).isEqualTo(1.5d);
        assertThat(edn("-2.5e3")).isEqualTo(-2500.0d);
        assertThat(edn("1E2")).isEqualTo(100.0d);
        assertThat(edn("1.25M")).isEqualTo(new BigDecimal("1.25"));
        assertThat(edn("##Inf")).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(edn("##-Inf")).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat((Double) edn("##NaN")).isNaN();
    }

    @Test
    void stringsAndCharacters() {
        assertThat(edn("\"plain\"")).isEqualTo("plain");
        assertThat(edn("\"a\\tb\\nc\\rd\\\\e\\\"f\\bg\\fh\\u00e9\""))
                .isEqualTo("a\tb\nc\rd\\e\"f\bg\fh\u00e9");
        assertThat(edn("\"two\nlines\"")).isEqualTo("two\nlines");
        assertThat(edn("\\a")).isEqualTo("a");
        assertThat(edn("\\newline")).isEqualTo("\n");
        assertThat(edn("\\space")).isEqualTo(" ");
        assertThat(edn("\\tab")).isEqualTo("\t");
        assertThat(edn("\\u0041")).isEqualTo("A");
        assertThat(edn("[\\( \\]]")).isEqualTo(List.of("(", "]"));
    }

    @Test
    void keywordsAndSymbols() {
        assertThat(edn(":foo")).isEqualTo(kw("foo"));
        assertThat(edn(":timed-out")).isEqualTo(kw("timed-out"));
        assertThat(edn(":a/b")).isEqualTo(kw("a/b"));
        assertThat(edn(":ok?")).isEqualTo(kw("ok?"));
        assertThat(edn("foo")).isEqualTo("foo");
        assertThat(edn("my.ns/sym")).isEqualTo("my.ns/sym");
        assertThat(edn("-")).isEqualTo("-");
        assertThat(edn("-abc")).isEqualTo("-abc");
        assertThat(edn("nil?")).isEqualTo("nil?");
    }

    @Test
    void collections() {
        assertThat(edn("[1 :a \"s\" nil]")).isEqualTo(Arrays.asList(1L, kw("a"), "s", null));
        assertThat(edn("(1 2)")).isEqualTo(List.of(1L, 2L));
        assertThat(edn("[]")).isEqualTo(List.of());
        Object m = edn("{:b 1 :a [2 3] \"k\" nil}");
        Map<Object, Object> expected = new LinkedHashMap<>();
        expected.put(kw("b"), 1L);
        expected.put(kw("a"), List.of(2L, 3L));
        expected.put("k", null);
        assertThat(m).isEqualTo(expected);
        assertThat(new ArrayList<Object>(((Map<?, ?>) m).keySet())).containsExactly(kw("b"), kw("a"), "k");
        Object s = edn("#{3 1 2}");
        assertThat(s).isInstanceOf(Set.class).isEqualTo(new LinkedHashSet<>(List.of(3L, 1L, 2L)));
        assertThat(new ArrayList<Object>((Set<?>) s)).containsExactly(3L, 1L, 2L);
        assertThat(edn("{[1 2] #{:x} {:n 1} (nil)}"))
                .isEqualTo(Map.of(List.of(1L, 2L), Set.of(kw("x")), Map.of(kw("n"), 1L),
                        Arrays.asList((Object) null)));
    }

    @Test
    void collectionsAreUnmodifiable() {
        List<?> l = (List<?>) edn("[1 2]");
        assertThatThrownBy(() -> l.remove(0)).isInstanceOf(UnsupportedOperationException.class);
        Map<?, ?> m = (Map<?, ?>) edn("{:a 1}");
        assertThatThrownBy(m::clear).isInstanceOf(UnsupportedOperationException.class);
        Set<?> s = (Set<?>) edn("#{1}");
        assertThatThrownBy(s::clear).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nested() {
        Object v = edn("[[:read :x nil] [:write :y 2] {:m [1 [2 [3]]]}]");
        assertThat(v).isEqualTo(List.of(
                Arrays.asList(kw("read"), kw("x"), null),
                List.of(kw("write"), kw("y"), 2L),
                Map.of(kw("m"), List.of(1L, List.of(2L, List.of(3L))))));
    }

    @Test
    void commentsCommasAndDiscard() {
        assertThat(edn("; leading comment\n[1,2 , 3] ; trailing")).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(edn("{:a 1, :b 2,}")).isEqualTo(Map.of(kw("a"), 1L, kw("b"), 2L));
        assertThat(edn("[1 #_2 3]")).isEqualTo(List.of(1L, 3L));
        assertThat(edn("[1 #_ [2 {:x 3}] 4]")).isEqualTo(List.of(1L, 4L));
        assertThat(edn("[1 #_ #_ 2 3 4]")).isEqualTo(List.of(1L, 4L));
        assertThat(edn("#_ :gone :kept")).isEqualTo(kw("kept"));
        assertThat(edn("[1 ;; comment ] not closing\n 2]")).isEqualTo(List.of(1L, 2L));
    }

    @Test
    void taggedLiteralsYieldTheInnerValue() {
        assertThat(edn("#inst \"1985-04-12T23:20:50.52Z\"")).isEqualTo("1985-04-12T23:20:50.52Z");
        assertThat(edn("#uuid \"f81d4fae-7dec-11d0-a765-00a0c91e6bf6\""))
                .isEqualTo("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
        assertThat(edn("#my/tag [1 2]")).isEqualTo(List.of(1L, 2L));
    }

    @Test
    void streamsTopLevelFormsWithTheirLines() {
        EdnReader r = EdnReader.of("{:a 1}\n\n  :k ; c\n[1\n 2]\nnil");
        List<Object> forms = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        while (r.hasNext()) {
            forms.add(r.next());
            lines.add(r.line());
        }
        assertThat(forms).containsExactly(Map.of(kw("a"), 1L), kw("k"), List.of(1L, 2L), null);
        assertThat(lines).containsExactly(1, 3, 4, 6);
    }

    @Test
    void entersOneTopLevelSequence() {
        EdnReader r = EdnReader.of("; head\n[{:a 1}\n {:a 2}\n\n {:a 3}]\n");
        assertThat(r.enterSequence()).isTrue();
        List<Integer> lines = new ArrayList<>();
        while (r.hasNext()) {
            r.next();
            lines.add(r.line());
        }
        r.exitSequence();
        assertThat(lines).containsExactly(2, 3, 5);
        assertThat(r.hasNext()).isFalse();
        assertThat(EdnReader.of("{:a 1}").enterSequence()).isFalse();
    }

    @Test
    void parseAllReadsEveryForm() {
        assertThat(EdnReader.parseAll("1 2 ; three\n :four")).containsExactly(1L, 2L, kw("four"));
        assertThat(EdnReader.parseAll("  ; only a comment\n")).isEmpty();
    }

    @Test
    void unclosedVectorReportsEndOfInputAndWhereItOpened() {
        String text = "; history\n\n[{:a 1}\n {:a 2}\n\n {:a 3}\n {:a 4}\n";
        assertThatThrownBy(() -> edn(text))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("input:7: ")
                .hasMessageContaining("expected ']'")
                .hasMessageContaining("opened on line 3");
    }

    @Test
    void strayClosingBraceReportsItsLine() {
        assertThatThrownBy(() -> EdnReader.parseAll("{:a 1}\n  }\n{:b 2}"))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("input:2: ")
                .hasMessageContaining("unexpected '}'");
    }

    @Test
    void mismatchedCloserReportsBoth() {
        assertThatThrownBy(() -> edn("[1\n 2\n )"))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("input:3: ")
                .hasMessageContaining("expected ']' to close the vector opened on line 1, found ')'");
    }

    @Test
    void malformedInputIsRejectedWithItsLine() {
        assertError("{:a 1 :b}", 1, "odd number of forms");
        assertError("\n{:a 1 :a 2}", 2, "duplicate key :a");
        assertError("#{1 1}", 1, "duplicate element 1");
        assertError("\n\n\"never closed", 3, "expected '\"' to close the string opened on line 3");
        assertError("\"bad \\q escape\"", 1, "unknown string escape");
        assertError("007", 1, "leading zero");
        assertError("1/2", 1, "ratios are not supported");
        assertError("1.2.3", 1, "invalid number");
        assertError("::auto", 1, "not EDN");
        assertError(":", 1, "expected a keyword name");
        assertError("\\nope", 1, "unknown character literal");
        assertError("#?(:clj 1)", 1, "unexpected '#?'");
        assertError("##Foo", 1, "unknown symbolic value");
        assertError("[1 #_]", 1, "expected a form to discard");
        assertError("1 2", 1, "expected end of input after one form");
        assertError("", 1, "expected an EDN form");
        assertError("\n\n  ^meta", 3, "unexpected character '^'");
        assertError("#inst", 1, "expected a form after the tag #inst");
    }

    @Test
    void aBackslashEndingALineInAStringIsReportedOnThatLine() {
        // Found by HistoryCodecPropertiesTest: a line cut after a backslash was reported on the next line.
        assertError("[\"cut\\\n\"]", 1, "unknown string escape");
        assertError("\"\\u00\n\"", 1, "expected four hexadecimal digits");
    }

    @Test
    void anErrorFoundPastTheFirstLineOfAFormAlsoNamesWhereTheFormStarts() {
        // A string cut short swallows the next line up to its first quote; the reader stumbles there.
        String cut = "{:a 1}\n{:b \"cut\n{:c \"x\"}\n";
        assertThatThrownBy(() -> EdnReader.parseAll(cut))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("input:3: ")
                .hasMessageContaining("string opened on line 3")
                .hasMessageEndingWith("(in the form that starts on line 2)");
        assertThatThrownBy(() -> EdnReader.parseAll("[1\n 2"))
                .as("an error that names the form's line already says nothing more")
                .hasMessage("input:2: end of input: expected ']' to close the vector opened on line 1");
    }

    private static void assertError(String text, int line, String fragment) {
        assertThatThrownBy(() -> edn(text))
                .as("parsing %s", text)
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("input:" + line + ": ")
                .hasMessageContaining(fragment);
    }

    @Test
    void writerOutputReadsBackEqual() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(kw("k"), Arrays.asList(1L, -2.5d, "q\"uo\\te\nnl\t\u0001", null, true));
        m.put("str-key", Set.of(kw("a/b")));
        m.put(List.of(1L), Map.of());
        m.put(new BigInteger("123456789012345678901234567890"), new BigDecimal("1.50"));
        m.put(kw("inf"), Double.NEGATIVE_INFINITY);
        String text = EdnWriter.toEdn(m);
        assertThat(text).doesNotContain("\n");
        assertThat(EdnReader.parse(text)).isEqualTo(m);
        assertThat(EdnWriter.toEdn('x')).isEqualTo("\\x");
        assertThat(EdnReader.parse(EdnWriter.toEdn('\n'))).isEqualTo("\n");
        assertThatThrownBy(() -> EdnWriter.toEdn(kw("has space")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> EdnWriter.toEdn(new Object()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

package dev.crucible.check.format;

import dev.crucible.testing.Tries;

import static dev.crucible.check.format.RandomHistories.Domain.EDN;
import static dev.crucible.check.format.RandomHistories.Domain.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.crucible.check.history.History;
import dev.crucible.check.history.HistoryFormatException;
import dev.crucible.check.history.Op;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Properties of the history codecs over random histories ({@link RandomHistories}): what is
 * written reads back equal, in JSON lines, in EDN and from one to the other; a damaged line is an
 * error naming that line (in EDN, a line cut inside a string may be found only further on: see
 * {@link #lineCutShort}), never another history. Seeds are printed; see {@link Tries}.
 *
 * <p>Only damage a reader can see is tried: a line cut short, a torn file tail, a line that is no
 * event. A changed digit in a value reads as another valid history; no format without a checksum
 * can tell.
 */
class HistoryCodecPropertiesTest {
    private static final int TRIES = 1000;
    private static final int MAX_SIZE = 30;
    private static final ObjectMapper JSON_VALUES = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anyHistoryWrittenAsJsonLinesReadsBackEqual() {
        Tries.check("JSON lines round trip", TRIES, MAX_SIZE, HistoryCodecPropertiesTest::jsonLinesRoundTrip);
    }

    @Test
    void anyHistoryWrittenAsEdnReadsBackEqual() {
        Tries.check("EDN round trip", TRIES, MAX_SIZE, HistoryCodecPropertiesTest::ednRoundTrip);
    }

    @Test
    void jsonLinesThroughEdnAndBackAreUnchanged() {
        Tries.check("JSON -> EDN -> JSON", TRIES, MAX_SIZE, HistoryCodecPropertiesTest::jsonThroughEdn);
    }

    @Test
    void historyFilesWrittenByFormatsReadBackEqualWithTheirFormatRecognised() {
        Tries.check("files through Formats", TRIES / 5, MAX_SIZE, (seed, size) -> filesRoundTrip(seed, size, dir));
    }

    @Test
    void aJsonLineCutShortIsAnErrorNamingThatLine() {
        Tries.check("JSON line cut short", TRIES, MAX_SIZE, (seed, size) -> lineCutShort(seed, size, JSON));
    }

    @Test
    void anEdnLineCutShortIsAnErrorNamingThatLine() {
        Tries.check("EDN line cut short", TRIES, MAX_SIZE, (seed, size) -> lineCutShort(seed, size, EDN));
    }

    @Test
    void aTornTailReadsAsTheWholeLinesBeforeItOrIsAnErrorNamingTheTornLine() {
        Tries.check("torn tail", TRIES, MAX_SIZE, (seed, size) -> {
            tornTail(seed, size, JSON);
            tornTail(seed, size, EDN);
        });
    }

    @Test
    void aLineThatIsNoEventIsAnErrorNamingThatLine() {
        Tries.check("line that is no event", TRIES, MAX_SIZE, (seed, size) -> {
            lineReplaced(seed, size, JSON);
            lineReplaced(seed, size, EDN);
        });
    }

    // ------------------------------------------------------------------ one try of each property

    static void jsonLinesRoundTrip(long seed, int size) {
        List<Op> ops = RandomHistories.history(seed, size, JSON);
        String text = JsonLinesWriter.toText(ops);
        History read = JsonLinesReader.parse(text);
        assertThat(read.ops()).isEqualTo(ops);
        assertThat(JsonLinesWriter.toText(read.ops())).as("written again").isEqualTo(text);
    }

    static void ednRoundTrip(long seed, int size) {
        List<Op> ops = RandomHistories.history(seed, size, EDN);
        String text = EdnHistoryWriter.toText(ops);
        History read = EdnHistoryReader.parse(text);
        assertThat(read.ops()).isEqualTo(ops);
        assertThat(EdnHistoryWriter.toText(read.ops())).as("written again").isEqualTo(text);
    }

    static void jsonThroughEdn(long seed, int size) {
        String json = JsonLinesWriter.toText(RandomHistories.history(seed, size, JSON));
        List<Op> fromJson = JsonLinesReader.parse(json).ops();
        List<Op> throughEdn = EdnHistoryReader.parse(EdnHistoryWriter.toText(fromJson)).ops();
        assertThat(throughEdn).isEqualTo(fromJson);
        String back = JsonLinesWriter.toText(throughEdn);
        assertThat(back).isEqualTo(json);
        assertThat(JsonLinesReader.parse(back).ops()).isEqualTo(fromJson);
    }

    static void filesRoundTrip(long seed, int size, Path dir) {
        for (RandomHistories.Domain domain : RandomHistories.Domain.values()) {
            List<Op> ops = RandomHistories.history(seed, size, domain);
            if (ops.isEmpty()) {
                continue; // an empty file has no format to recognise
            }
            String format = domain == JSON ? JsonLinesReader.FORMAT : EdnHistoryReader.FORMAT;
            Path file = dir.resolve(seed + "." + format);
            Formats.write(new History(ops, null, format), file, format);
            History read = Formats.read(file, null);
            assertThat(read.format()).isEqualTo(format);
            assertThat(read.source()).isEqualTo(file);
            assertThat(read.ops()).isEqualTo(ops);
        }
    }

    /**
     * One line loses its end (at least one character gone, at least one left); the lines after it
     * stay. JSON names that line. EDN lets a string run over line ends, so a line cut inside a
     * string swallows what follows up to the next quote and the reader stumbles later: then the
     * error is on that line or a later one; cut anywhere else, it names that line.
     */
    static void lineCutShort(long seed, int size, RandomHistories.Domain domain) {
        List<Op> ops = RandomHistories.history(seed, size, domain);
        if (ops.isEmpty()) {
            return;
        }
        SplittableRandom r = new SplittableRandom(~seed);
        String[] lines = writer(domain).apply(ops).split("\n", -1);
        int k = r.nextInt(ops.size());
        lines[k] = lines[k].substring(0, 1 + r.nextInt(lines[k].length() - 1));
        String damaged = String.join("\n", lines);
        boolean swallows = domain == EDN && endsInsideString(lines[k]);
        assertThatThrownBy(() -> reader(domain).apply(damaged))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageMatching("(?s)" + (swallows ? "input:[0-9]+: .*" : lineNamed(domain, k + 1)))
                .satisfies(e -> assertThat(placeOf(e.getMessage())).isGreaterThanOrEqualTo(k + 1));
    }

    /** Whether EDN text as {@link EdnWriter} writes it ends inside a string (outside strings it has no backslash). */
    private static boolean endsInsideString(String edn) {
        boolean inside = false;
        for (int i = 0; i < edn.length(); i++) {
            char c = edn.charAt(i);
            if (inside && c == '\\') {
                i++;
            } else if (c == '"') {
                inside = !inside;
            }
        }
        return inside;
    }

    /** The line an error message is placed on: {@code input:LINE: ...}. */
    private static int placeOf(String message) {
        return Integer.parseInt(message.substring("input:".length(), message.indexOf(':', "input:".length())));
    }

    /**
     * The text ends anywhere, as a file does when its writer is killed: the events of the whole
     * lines before the cut (a last line that lost only its line end is whole), or, when the cut
     * splits a line, an error naming that line.
     */
    static void tornTail(long seed, int size, RandomHistories.Domain domain) {
        List<Op> ops = RandomHistories.history(seed, size, domain);
        String text = writer(domain).apply(ops);
        int end = new SplittableRandom(~seed).nextInt(text.length() + 1);
        String torn = text.substring(0, end);
        int ended = (int) torn.chars().filter(c -> c == '\n').count();
        boolean afterLineEnd = end == 0 || text.charAt(end - 1) == '\n';
        boolean splitsALine = !afterLineEnd && end < text.length() && text.charAt(end) != '\n';
        if (splitsALine) {
            assertThatThrownBy(() -> reader(domain).apply(torn))
                    .isInstanceOf(HistoryFormatException.class)
                    .hasMessageMatching("(?s)" + lineNamed(domain, ended + 1));
        } else {
            int whole = afterLineEnd ? ended : ended + 1;
            assertThat(reader(domain).apply(torn).ops()).isEqualTo(ops.subList(0, whole));
        }
    }

    /** One line is replaced by a value that is not an event (a map without the event fields, a number, nil, ...). */
    static void lineReplaced(long seed, int size, RandomHistories.Domain domain) {
        List<Op> ops = RandomHistories.history(seed, size, domain);
        if (ops.isEmpty()) {
            return;
        }
        SplittableRandom r = new SplittableRandom(~seed);
        Op donor = RandomHistories.history(r.nextLong(), size, domain).stream().findFirst().orElse(ops.get(0));
        String[] lines = writer(domain).apply(ops).split("\n", -1);
        int k = r.nextInt(ops.size());
        lines[k] = valueLine(domain, donor, k);
        String damaged = String.join("\n", lines);
        assertThatThrownBy(() -> reader(domain).apply(damaged))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("input:" + (k + 1) + ": ");
    }

    /**
     * A donor event's value written alone on line {@code k} (0-based): anything but an event map. At
     * the head of an EDN file a vector is the Knossos form of a whole history, so there a list
     * value goes inside a map, which lacks the event fields.
     */
    private static String valueLine(RandomHistories.Domain domain, Op donor, int k) {
        if (domain == EDN) {
            return EdnWriter.toEdn(k == 0 && donor.value() instanceof List<?> ? Map.of("v", donor.value()) : donor.value());
        }
        try {
            return JSON_VALUES.writeValueAsString(donor.value());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The message names {@code line}: as the error's place, or as where a form was opened or starts. */
    private static String lineNamed(RandomHistories.Domain domain, int line) {
        return domain == JSON ? "input:" + line + ": .*" : "(input:" + line + ": .*|.*line " + line + "(?![0-9]).*)";
    }

    private static Function<List<Op>, String> writer(RandomHistories.Domain domain) {
        return domain == JSON ? JsonLinesWriter::toText : EdnHistoryWriter::toText;
    }

    private static Function<String, History> reader(RandomHistories.Domain domain) {
        return domain == JSON ? JsonLinesReader::parse : EdnHistoryReader::parse;
    }
}

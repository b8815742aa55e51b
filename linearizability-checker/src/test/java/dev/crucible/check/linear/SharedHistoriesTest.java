package dev.crucible.check.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.check.format.Formats;
import dev.crucible.check.history.History;
import dev.crucible.check.model.Models;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every history under ../shared/histories gets the verdict its MANIFEST gives (Knossos's and
 * Porcupine's own test data), and where the MANIFEST names the operation Knossos reports as
 * failing (and its previous ok), we report the same one. When the folder is absent the test says
 * so and checks nothing.
 */
class SharedHistoriesTest {
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)` \\|.*");
    private static final Pattern FAILING = Pattern.compile("failing op = index (\\d+)");
    private static final Pattern PREVIOUS = Pattern.compile("previous-ok = index (\\d+)");

    static Path sharedDir() {
        String prop = System.getProperty("crucible.histories.dir");
        return prop != null ? Path.of(prop) : Path.of("..", "..", "shared", "histories").toAbsolutePath().normalize();
    }

    /** One MANIFEST row. */
    record Case(Path file, String model, boolean linearizable, Long failing, Long previousOk) {}

    static List<Case> cases(Path root) throws Exception {
        List<Case> cases = new ArrayList<>();
        for (String corpus : List.of("knossos", "porcupine")) {
            Path dir = root.resolve(corpus);
            for (String line : Files.readAllLines(dir.resolve("MANIFEST.md"))) {
                Matcher m = ROW.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                String rel = m.group(1);
                boolean notLin = line.contains("**NOT linearizable**");
                if (!notLin && !line.contains("**linearizable**")) {
                    continue;
                }
                Matcher f = FAILING.matcher(line);
                Matcher p = PREVIOUS.matcher(line);
                cases.add(new Case(dir.resolve(rel), model(rel), !notLin, f.find() ? Long.valueOf(f.group(1)) : null,
                        p.find() ? Long.valueOf(p.group(1)) : null));
            }
        }
        return cases;
    }

    private static String model(String rel) {
        if (rel.startsWith("cas-register/")) {
            return "cas-register";
        }
        if (rel.startsWith("multi-register/")) {
            return "multi-register";
        }
        if (rel.startsWith("mutex/")) {
            return "mutex";
        }
        if (rel.startsWith("jepsen/")) {
            return "etcd";
        }
        return "kv";
    }

    @Test
    void everySharedHistoryGetsTheVerdictItsManifestGives() throws Exception {
        Path root = sharedDir();
        if (!Files.isDirectory(root)) {
            System.out.println("SharedHistoriesTest: " + root + " is not present; checked nothing (set"
                    + " -Dcrucible.histories.dir to point at it)");
            return;
        }
        List<Case> cases = cases(root);
        assertThat(cases).as("MANIFEST rows").hasSizeGreaterThan(170);
        int named = 0;
        for (Case c : cases) {
            History h = Formats.read(c.file(), null);
            CheckResult r = Linearizability.check(Models.byName(c.model()), h.ops(), c.file(),
                    Linearizability.Settings.defaults().withTimeLimit(Duration.ofSeconds(60)));
            assertThat(r.verdict()).as(c.file() + " (" + r.reason() + ")")
                    .isEqualTo(c.linearizable() ? Verdict.VALID : Verdict.INVALID);
            if (c.failing() != null) {
                assertThat(r.invalid().failing().completeIndex()).as(c.file() + ": failing op").isEqualTo(c.failing());
                named++;
            }
            if (c.previousOk() != null) {
                assertThat(r.previousOk().index()).as(c.file() + ": previous ok").isEqualTo(c.previousOk());
            }
        }
        System.out.println("SharedHistoriesTest: " + cases.size() + " histories, verdicts as in the MANIFESTs; " + named
                + " failing operations as Knossos names them");
    }
}

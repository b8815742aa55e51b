package dev.crucible.check.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import dev.crucible.check.model.Models;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Histories from a real concurrent object pass; one read changed to a never-written value fails there. */
class PropertyTest {
    private static final long SEED = Long.getLong("crucible.check.seed", 20261123L);

    @Test
    void recordedHistoriesOfAnAtomicCasRegisterAreLinearizableAndACorruptedReadIsCaught() throws Exception {
        System.out.println("PropertyTest seed " + SEED + " (rerun with -Dcrucible.check.seed=N)");
        Random pick = new Random(SEED);
        for (int round = 0; round < 3; round++) {
            List<Op> history = RecordedRegister.record(SEED + round, 100, 50, 0.002);
            CheckResult ok = Linearizability.check(Models.byName("cas-register"), history, null,
                    Linearizability.Settings.defaults());
            assertThat(ok.verdict()).as("round " + round + " (" + ok.reason() + ")").isEqualTo(Verdict.VALID);

            List<Integer> reads = new ArrayList<>();
            for (int i = 0; i < history.size(); i++) {
                Op e = history.get(i);
                if (e.type() == OpType.OK && e.f().equals("read")) {
                    reads.add(i);
                }
            }
            int victim = reads.get(pick.nextInt(reads.size()));
            List<Op> corrupted = new ArrayList<>(history);
            corrupted.set(victim, history.get(victim).withValue(999L));
            CheckResult bad = Linearizability.check(Models.byName("cas-register"), corrupted, null,
                    Linearizability.Settings.defaults());
            assertThat(bad.verdict()).isEqualTo(Verdict.INVALID);
            assertThat(bad.invalid().failing().completeIndex()).as("the corrupted read is the counterexample")
                    .isEqualTo(history.get(victim).index());
        }
    }
}

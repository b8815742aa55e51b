package dev.crucible.check.linear;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.check.history.OpType;
import dev.crucible.check.model.Model;
import dev.crucible.check.model.Models;
import dev.crucible.check.model.Operation;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandCasesTest {
    private static CheckResult check(String model, Events e) {
        return Linearizability.check(Models.byName(model), e.list(), null, Linearizability.Settings.defaults());
    }

    @Test
    void aLoneCrashedWriteIsValid() {
        assertThat(check("cas-register", new Events().invoke(0, "write", 1L).info(0, "write", 1L)).verdict())
                .isEqualTo(Verdict.VALID);
        assertThat(check("cas-register", new Events().invoke(0, "write", 1L)).verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void aReadOfOneFromRegisterZeroIsInvalidAndNamed() {
        CheckResult r = check("cas-register", new Events().invoke(0, "read", null).ok(0, "read", 1L));
        assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(r.invalid().failing().completeIndex()).isEqualTo(1);
        assertThat(r.invalid().states()).containsExactly(0L);
    }

    @Test
    void intervalsAreClosedAnOpReturningAtTwentyIsConcurrentWithOneInvokedAtTwenty() {
        Events e = new Events()
                .at(0, 0, OpType.INVOKE, "write", 1L).at(20, 0, OpType.OK, "write", 1L)
                .at(20, 1, OpType.INVOKE, "read", null).at(30, 1, OpType.OK, "read", 0L);
        assertThat(check("cas-register", e).verdict()).isEqualTo(Verdict.VALID);
        Events later = new Events()
                .at(0, 0, OpType.INVOKE, "write", 1L).at(20, 0, OpType.OK, "write", 1L)
                .at(21, 1, OpType.INVOKE, "read", null).at(30, 1, OpType.OK, "read", 0L);
        assertThat(check("cas-register", later).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aFailedWriteHasNoEffectAndAnInfoWriteMayHave() {
        Events failed = new Events().invoke(0, "write", 3L).fail(0, "write", 3L).invoke(1, "read", null).ok(1, "read", 3L);
        assertThat(check("cas-register", failed).verdict()).isEqualTo(Verdict.INVALID);
        Events crashed = new Events().invoke(0, "write", 3L).info(0, "write", 3L).invoke(1, "read", null).ok(1, "read", 3L);
        assertThat(check("cas-register", crashed).verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void aReadOfNilIsUnknownForKnossosAndAbsentForEtcd() {
        Events e = new Events().invoke(0, "write", 2L).ok(0, "write", 2L).invoke(1, "read", null).ok(1, "read", null);
        assertThat(check("cas-register", e).verdict()).isEqualTo(Verdict.VALID);
        assertThat(check("etcd", e).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void casAppliesOnlyWhenTheOldValueMatches() {
        Events e = new Events().invoke(0, "cas", List.of(0L, 5L)).ok(0, "cas", List.of(0L, 5L))
                .invoke(1, "cas", List.of(0L, 6L)).ok(1, "cas", List.of(0L, 6L));
        assertThat(check("cas-register", e).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void aMutexHeldTwiceIsInvalid() {
        Events e = new Events().invoke(0, "acquire", null).ok(0, "acquire", null)
                .invoke(1, "acquire", null).ok(1, "acquire", null);
        assertThat(check("mutex", e).verdict()).isEqualTo(Verdict.INVALID);
    }

    @Test
    void queueSetAndLogModelsJudgeTheirOperations() {
        Events q = new Events().invoke(0, "enqueue", 1L).ok(0, "enqueue", 1L).invoke(0, "enqueue", 2L).ok(0, "enqueue", 2L)
                .invoke(1, "dequeue", null).ok(1, "dequeue", 2L);
        assertThat(check("queue", q).verdict()).as("FIFO: 1 comes out first").isEqualTo(Verdict.INVALID);
        Events s = new Events().invoke(0, "add", 1L).ok(0, "add", 1L).invoke(1, "read", null).ok(1, "read", List.of(1L));
        assertThat(check("set", s).verdict()).isEqualTo(Verdict.VALID);
        Events log = new Events().invoke(0, "append", "a").ok(0, "append", List.of(0L, "a"))
                .invoke(1, "append", "b").ok(1, "append", List.of(0L, "b"));
        assertThat(check("log", log).verdict()).as("one offset handed out twice").isEqualTo(Verdict.INVALID);
    }

    @Test
    void aTimeLimitEndsWithUnknownNeverAVerdict() {
        Model slow = new Model() {
            @Override
            public Object init() {
                return 0L;
            }

            @Override
            public Object step(Object state, Operation op) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return state;
            }

            @Override
            public String name() {
                return "slow";
            }
        };
        Events e = new Events().invoke(0, "read", null).ok(0, "read", 0L);
        CheckResult r = Linearizability.check(slow, e.list(), null,
                Linearizability.Settings.defaults().withTimeLimit(Duration.ofMillis(200)));
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reason()).contains("time limit");
    }

    @Test
    void aMemoryBudgetEndsWithUnknownNotAnOutOfMemoryError() {
        // 16 overlapping writes, then a read of a value none wrote: refuting it means trying every subset.
        Events e = new Events();
        for (long p = 0; p < 16; p++) {
            e.invoke(p, "write", p + 1);
        }
        for (long p = 0; p < 16; p++) {
            e.ok(p, "write", p + 1);
        }
        e.invoke(99, "read", null).ok(99, "read", 1000L);
        CheckResult small = Linearizability.check(Models.byName("cas-register"), e.list(), null,
                Linearizability.Settings.defaults().withMemory(1 << 20));
        assertThat(small.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(small.reason()).contains("memory budget");
        CheckResult enough = Linearizability.check(Models.byName("cas-register"), e.list(), null,
                Linearizability.Settings.defaults());
        assertThat(enough.verdict()).isEqualTo(Verdict.INVALID);
        assertThat(enough.invalid().failing().f()).isEqualTo("read");
    }
}

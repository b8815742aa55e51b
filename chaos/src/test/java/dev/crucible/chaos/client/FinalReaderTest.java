package dev.crucible.chaos.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crucible.check.history.Keyword;
import dev.crucible.check.history.Op;
import dev.crucible.check.history.OpType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** What the final read expects to find: one past the highest acknowledged offset per key, and who ends below it. */
class FinalReaderTest {
    private static final Keyword SEND = Keyword.of("send");
    private final List<Op> history = new ArrayList<>();

    private void op(OpType type, long process, Object value) {
        history.add(new Op(history.size(), type, process, "send", value, history.size(), Map.of(), 0));
    }

    private static Object sent(long key, long offset, long value) {
        return List.of(List.of(SEND, key, List.of(offset, value)));
    }

    @Test
    void onlyAcknowledgedSendsCountAndTheHighestOffsetPerKeyWins() {
        op(OpType.INVOKE, 1, List.of(List.of(SEND, 0L, 10L)));
        op(OpType.OK, 1, sent(0, 41, 10));
        op(OpType.OK, 2, sent(0, 7, 11)); // acknowledged later at a lower offset: still 42 for key 0
        op(OpType.OK, 2, sent(3, 0, 12));
        op(OpType.INFO, 3, sent(1, 99, 13)); // unknown outcome: the broker owes nothing
        op(OpType.FAIL, 3, sent(2, 50, 14));

        assertThat(FinalReader.ackedEnds(history)).containsExactlyInAnyOrderEntriesOf(Map.of(0, 42L, 3, 1L));
    }

    @Test
    void aPartitionEndingAtOrBelowAnAcknowledgedOffsetIsBehind() {
        Map<Integer, Long> acked = Map.of(0, 42L, 1, 5L, 3, 1L);
        Map<TopicPartition, Long> ends = Map.of(tp(0), 41L, tp(1), 5L, tp(2), 0L, tp(3), 0L);

        assertThat(FinalReader.behind(ends, acked)).containsExactly(0, 3);
        assertThat(FinalReader.behind(Map.of(tp(0), 42L, tp(3), 9L), acked)).isEmpty();
    }

    private static TopicPartition tp(int p) {
        return new TopicPartition("t", p);
    }
}

package dev.crucible.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The invariants the log simulation checks, one small class each. A broken one throws
 * {@link AssertionError} saying what it saw; the simulation adds the seed and the trace.
 */
final class SimInvariants {
    private SimInvariants() {
    }

    static void require(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    /** Each acknowledged append starts where the previous one ended: offsets strictly increase, no gap. */
    static final class OffsetsAreContiguous {
        private OffsetsAreContiguous() {
        }

        static void check(AppendRequest acked, SimModel model) {
            require(acked.baseOffset() == model.endOffset(), "append acknowledged at " + acked.baseOffset()
                + ", the log ended at " + model.endOffset());
            require(acked.lastOffset() >= acked.baseOffset(), "append " + acked.baseOffset() + ".." + acked.lastOffset());
        }
    }

    /** Under {@code always} an append is acknowledged only once it is forced. */
    static final class AcknowledgedMeansDurable {
        private AcknowledgedMeansDurable() {
        }

        static void check(AppendRequest acked, Log log, FlushPolicy policy) {
            if (policy == FlushPolicy.ALWAYS) {
                require(acked.lastOffset() < log.durableEndOffset(), "append " + acked.lastOffset()
                    + " acknowledged under always with the durable end at " + log.durableEndOffset());
            }
        }
    }

    /** The log's offsets agree with the model, and what it calls durable is never past its end. */
    static final class EndsAgree {
        private EndsAgree() {
        }

        static void check(Log log, SimModel model) {
            long end = log.logEndOffset();
            require(end == model.endOffset(), "log end " + end + ", acknowledged end " + model.endOffset());
            require(log.logStartOffset() == model.startOffset(), "log start " + log.logStartOffset()
                + ", expected " + model.startOffset());
            require(log.durableEndOffset() <= end, "durable end " + log.durableEndOffset() + " past the end " + end);
            require(log.recoveryPoint() <= end, "recovery point " + log.recoveryPoint() + " past the end " + end);
        }
    }

    /** After a crash, the log end is at least what was acknowledged as durable. */
    static final class DurableAcknowledgedSurvive {
        private DurableAcknowledgedSurvive() {
        }

        static void check(Log recovered, long mustSurvive) {
            require(recovered.logEndOffset() >= mustSurvive, "recovered log ends at " + recovered.logEndOffset()
                + ", below " + mustSurvive + " which was acknowledged as durable");
        }
    }

    /**
     * A read returns whole batches from the one holding the offset, exactly as appended, contiguous, at
     * most {@code maxBytes} unless one batch alone, none reaching {@code maxOffset}.
     */
    static final class ReadsReturnAppendedBytes {
        private ReadsReturnAppendedBytes() {
        }

        static void check(long offset, int maxBytes, long maxOffset, FetchSlice slice, SimModel model) throws IOException {
            Map.Entry<Long, byte[]> first = model.batchHolding(offset);
            boolean visible = first != null && SimModel.lastOffset(first.getValue()) < maxOffset;
            if (!visible) {
                require(slice.isEmpty(), "read at " + offset + " (bound " + maxOffset + ") gave " + slice.length() + " bytes");
                return;
            }
            require(!slice.isEmpty(), "read at " + offset + " gave nothing, batch " + first.getKey() + " is there");
            require(slice.firstOffset() == first.getKey(), "read at " + offset + " starts at " + slice.firstOffset()
                + ", not at the batch holding it " + first.getKey());
            ByteBuffer got = slice.copyTo(ByteBuffer.allocate(slice.length())).flip();
            int at = 0;
            int batches = 0;
            long next = first.getKey();
            for (Map.Entry<Long, byte[]> batch : model.from(first.getKey()).entrySet()) {
                if (at == got.limit()) {
                    break;
                }
                byte[] expected = batch.getValue();
                require(batch.getKey() == next, "model gap at " + next);
                require(at + expected.length <= got.limit(), "read at " + offset + " ends inside batch " + batch.getKey());
                require(Arrays.equals(expected, 0, expected.length, got.array(), at, at + expected.length),
                    "read at " + offset + ": batch " + batch.getKey() + " differs from what was appended");
                require(SimModel.lastOffset(expected) < maxOffset, "read at " + offset + " passed the bound " + maxOffset);
                at += expected.length;
                batches++;
                next = SimModel.lastOffset(expected) + 1;
            }
            require(at == got.limit(), "read at " + offset + " holds bytes past the appended batches");
            require(batches == 1 || slice.length() <= maxBytes, "read of " + slice.length() + " bytes, max " + maxBytes);
            require(slice.nextOffset() == next, "read at " + offset + " says next " + slice.nextOffset() + ", not " + next);
        }
    }

    /**
     * Recovery keeps a prefix of what was appended and resurrects nothing else: every batch from the
     * start to the end is read back whole, with a valid CRC, equal to the batch acknowledged at its offset.
     */
    static final class RecoveredLogIsAppendedPrefix {
        private RecoveredLogIsAppendedPrefix() {
        }

        static void check(Log log, SimModel model) throws IOException {
            FetchSlice slice = new FetchSlice();
            CRC32C crc = new CRC32C();
            long next = log.logStartOffset();
            while (next < log.logEndOffset()) {
                log.read(next, 1 << 16, slice);
                require(!slice.isEmpty() && slice.firstOffset() == next, "recovered log: read at " + next
                    + " gave first offset " + slice.firstOffset() + " (a gap)");
                ByteBuffer got = slice.copyTo(ByteBuffer.allocate(slice.length())).flip();
                for (int at = 0; at < got.limit(); ) {
                    int total = RecordBatch.validate(crc, got, at, got.limit() - at, Integer.MAX_VALUE);
                    long base = RecordBatch.baseOffset(got, at);
                    Map.Entry<Long, byte[]> expected = model.batchHolding(base);
                    require(expected != null && expected.getKey() == base, "recovered batch " + base + " was never acknowledged");
                    require(Arrays.equals(expected.getValue(), 0, expected.getValue().length, got.array(), at, at + total),
                        "recovered batch " + base + " differs from the one acknowledged");
                    at += total;
                    next = SimModel.lastOffset(expected.getValue()) + 1;
                }
            }
        }
    }
}

package dev.crucible.load.run;

import dev.crucible.load.metric.MachineCpu;
import dev.crucible.load.result.RunRecord;
import dev.crucible.load.result.RunTimeline;
import dev.crucible.load.result.Totals;
import java.util.function.LongSupplier;

/**
 * CPU over the measured phase: the launched target's CPU time and the machine's counters, read on the
 * first tick at or after the phase's start and again at or after its end (which a drained backlog
 * moves earlier). Each is read once.
 */
final class MeasureWindow implements Phase {
    private final LongSupplier targetCpuNs;
    private boolean begun;
    private boolean ended;
    private long targetStartNs = -1;
    private long targetEndNs = -1;
    private long[] machineStart;
    private long[] machineEnd;

    /** Reads the target's CPU time from {@code targetCpuNs} (-1 when unknown). */
    MeasureWindow(LongSupplier targetCpuNs) {
        this.targetCpuNs = targetCpuNs;
    }

    /** Takes the start readings when the measured phase of {@code timeline} has begun (before the heartbeat). */
    void beginIfDue(long nowNs, RunTimeline timeline) {
        if (!begun && nowNs - timeline.measureFromNs() >= 0) {
            begun = true;
            targetStartNs = targetCpuNs.getAsLong();
            machineStart = MachineCpu.read();
        }
    }

    @Override
    public void tick(long nowNs, Totals totals, RunControl control) {
        if (!ended && nowNs - control.timeline().endNs() >= 0) {
            ended = true;
            targetEndNs = targetCpuNs.getAsLong();
            machineEnd = MachineCpu.read();
        }
    }

    /** The readings taken (-1 / null for those not taken). */
    RunRecord.Cpu readings() {
        return new RunRecord.Cpu(targetStartNs, targetEndNs, machineStart, machineEnd);
    }
}

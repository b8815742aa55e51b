package dev.crucible.chaos.time;

/**
 * The run's clocks, injected so a test can drive time: a monotonic one for schedules, deadlines and
 * history times, and the wall clock for what a person reads (run.json's start, a crash's time).
 */
public interface RunClock {

    /** The system's clocks. */
    RunClock SYSTEM = new RunClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis();
        }
    };

    /** Monotonic nanoseconds, as {@link System#nanoTime()}: only differences mean anything. */
    long nanoTime();

    /** Milliseconds since the epoch, as {@link System#currentTimeMillis()}. */
    long epochMillis();
}

package dev.crucible.load.agent;

import java.util.concurrent.atomic.LongAdder;

/** Running totals of an agent, written by many threads and read by the sampler. */
final class Counters {
    final LongAdder sent = new LongAdder();
    final LongAdder acked = new LongAdder();
    final LongAdder sendErrors = new LongAdder();
    final LongAdder consumed = new LongAdder();
    final LongAdder foreign = new LongAdder();
    final LongAdder bytesSent = new LongAdder();
    final LongAdder bytesConsumed = new LongAdder();
}

package dev.orchestrator.bench;

import dev.orchestrator.event.BaseEvent;

/** A small domain event; {@code emittedAt} is the {@link System#nanoTime()} of its emit when sampled. */
final class BenchEvent extends BaseEvent {

    final long sequence;
    volatile long emittedAt;

    BenchEvent(long sequence) {
        super("bench-" + sequence);
        this.sequence = sequence;
    }

    /** Pre-created events, so that the benchmarks measure delivery and not event construction. */
    static BenchEvent[] batch(int count) {
        BenchEvent[] events = new BenchEvent[count];
        for (int i = 0; i < count; i++) {
            events[i] = new BenchEvent(i);
        }
        return events;
    }
}

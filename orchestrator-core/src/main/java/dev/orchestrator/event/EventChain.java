package dev.orchestrator.event;

/**
 * Which reaction the current thread is working on, so that every event and job can say how many
 * handler reactions led to it ({@link BaseEvent#chainDepth()}). This is how the orchestrators'
 * circuit breakers tell a feedback loop (a chain of reactions that keeps going) from load (many
 * independent jobs and events, each started outside any handler).
 *
 * <p>The framework sets the depth itself: while an orchestrator handles an event of depth
 * {@code n}, whatever it emits or dispatches has depth {@code n + 1}; while a job runs, its events
 * and the domain events its executor emits have the depth the job was dispatched with. Outside both
 * the depth is 0. Application code that reacts to events without an orchestrator (a hand-made
 * {@link dev.orchestrator.bus.SignalBus#subscribe subscriber} that emits or dispatches) may do the
 * same with {@link #enter} and {@link #restore}, so that its reactions count as part of the chain.
 *
 * <p>The depth is per thread; these methods are thread-safe and allocation-free after a thread's
 * first call.
 */
public final class EventChain {

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private EventChain() {}

    /** {@return the depth that an event created, or a job dispatched, on this thread now gets; 0 outside reactions} */
    public static int currentDepth() {
        return DEPTH.get()[0];
    }

    /**
     * Sets the depth of what this thread creates from now on, until {@link #restore}. Use in a
     * {@code try}/{@code finally}:
     * <pre>{@code
     * int previous = EventChain.enter(event.chainDepth() + 1);
     * try {
     *     bus.emit(new ReplyEvent(event.correlationId()));
     * } finally {
     *     EventChain.restore(previous);
     * }
     * }</pre>
     *
     * @param depth the depth, not negative
     * @return the depth before, to pass to {@link #restore}
     * @throws IllegalArgumentException when {@code depth} is negative
     */
    public static int enter(int depth) {
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be >= 0, was " + depth);
        }
        int[] holder = DEPTH.get();
        int previous = holder[0];
        holder[0] = depth;
        return previous;
    }

    /**
     * Puts back the depth that {@link #enter} returned.
     *
     * @param previous the value {@link #enter} returned
     */
    public static void restore(int previous) {
        DEPTH.get()[0] = Math.max(0, previous);
    }
}

package dev.orchestrator.bus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The one log of a bus: every emitted event is written once, at a position of its own, and each
 * subscriber reads it with a cursor of its own. Emitters claim positions with one atomic increment
 * and store the event with one release store; there is no per-subscriber write on the emitting side.
 *
 * <p>Positions are kept in linked chunks of {@value #CHUNK} slots; nothing is ever overwritten, so a
 * chunk becomes garbage as soon as no reader holds it. A reader holds at most the chunk at its cursor,
 * and the bus keeps each reader within a bounded distance of the head (it cuts a reader that falls
 * further behind loose to a queue of its own), so the log never grows with a blocked reader.
 *
 * <p>Next to each event a chunk keeps, in {@link Chunk#excluded}, the subscribers (one, or an array of
 * them) that this event is not for although its type matches: those whose admission check refused it
 * on the emitting thread and those that got it through their own queue instead.
 */
final class EventLog {

    static final int CHUNK = 256;
    /**
     * Spins for an emitter that has claimed a position but not yet stored its event (in this log or
     * in a {@link SubscriberQueue}: both wait with {@link #awaitStore}).
     */
    private static final int STORE_SPINS = 1_000;
    /** Then yields to it that many times (it may have been preempted between the two steps). */
    private static final int STORE_YIELDS = 100;

    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle NEXT;
    private static final VarHandle PRODUCER_CHUNK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(Chunk.class, "next", Chunk.class);
            PRODUCER_CHUNK = lookup.findVarHandle(EventLog.class, "producerChunk", Chunk.class);
        } catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** {@value #CHUNK} consecutive positions of the log. */
    static final class Chunk {
        final long base;
        final Object[] slots = new Object[CHUNK];
        /** Per slot: {@code null}, one subscriber or an {@code Object[]} of subscribers the event is not for. */
        final @Nullable Object[] excluded = new Object[CHUNK];

        volatile @Nullable Chunk next;
        /** Slots below this one are cleared; under {@link #cleaning} only. */
        int cleared;

        Chunk(long base) {
            this.base = base;
        }

        /** {@return whether the event at {@code slot} (already read with acquire order) excludes {@code reader}} */
        boolean excludes(int slot, Object reader) {
            Object excludedHere = excluded[slot];
            if (excludedHere == null) {
                return false;
            }
            if (excludedHere == reader) {
                return true;
            }
            if (excludedHere instanceof Object[] several) {
                for (Object one : several) {
                    if (one == reader) {
                        return true;
                    }
                }
            }
            return false;
        }

        /** {@return the event at {@code slot}, or {@code null} when its emitter has not stored it yet} */
        @Nullable
        Object eventAt(int slot) {
            return SLOTS.getAcquire(slots, slot);
        }
    }

    /** A long on a cache line of its own: every emitter writes it, readers read it when they run dry. */
    @SuppressWarnings("unused") // the padding fields exist only to take room
    private static final class PaddedHead extends AtomicLong {
        private static final long serialVersionUID = 1L;
        long p1, p2, p3, p4, p5, p6, p7;
    }

    /** Stored at a position no subscriber reads: nobody was subscribed when it was claimed. */
    static final Object NOBODY = new Object();

    private final PaddedHead head = new PaddedHead();
    /** Held by the one thread that clears slots every reader has passed. */
    private final java.util.concurrent.atomic.AtomicBoolean cleaning = new java.util.concurrent.atomic.AtomicBoolean();
    /** A chunk whose base is at most every position not yet claimed; emitters start their search here. */
    private volatile Chunk producerChunk = new Chunk(0);

    /** {@return a chunk to start from, read before claiming: its base is at most the position claimed next} */
    Chunk startChunk() {
        return producerChunk;
    }

    /** {@return a new position; the caller must then {@link #store} an event there} */
    long claim() {
        return head.getAndIncrement();
    }

    /** {@return the next position to be claimed: every position below it is claimed} */
    long head() {
        return head.get();
    }

    /**
     * Stores the event of a claimed position.
     *
     * @param start the chunk of {@link #startChunk()}, read before the position was claimed
     * @param excluded {@code null}, one subscriber or an {@code Object[]} of subscribers it is not for
     */
    void store(Chunk start, long position, Object event, @Nullable Object excluded) {
        Chunk chunk = start;
        while (position >= chunk.base + CHUNK) {
            @Nullable Chunk next = chunk.next;
            if (next == null) {
                Chunk created = new Chunk(chunk.base + CHUNK);
                // a failed compare-and-set means another emitter linked the next chunk
                next = NEXT.compareAndSet(chunk, null, created) ? created : Objects.requireNonNull(chunk.next);
            }
            chunk = next;
        }
        int slot = (int) (position - chunk.base);
        chunk.excluded[slot] = excluded; // published by the release store below
        SLOTS.setRelease(chunk.slots, slot, event);
        if (chunk != start) {
            advanceProducerChunk(chunk);
        }
    }

    /**
     * Lets go of the events below {@code upTo} in the chunks still reachable, which every reader has
     * passed: a chunk stays reachable while a reader (or the head) is inside it, and would otherwise
     * keep up to {@value #CHUNK} events that nobody will read (a job's result, say) alive.
     *
     * @param from a chunk whose base is at most {@code upTo}, or {@code null} for the head's chunk
     * @param upTo every reader's cursor is at or beyond it
     */
    void clearBelow(@Nullable Chunk from, long upTo) {
        if (cleaning.get() || !cleaning.compareAndSet(false, true)) {
            return; // someone else clears; a later run clears what is left
        }
        try {
            Chunk chunk = from != null ? from : producerChunk;
            while (chunk != null && chunk.base < upTo) {
                int end = (int) Math.min(CHUNK, upTo - chunk.base);
                for (int slot = chunk.cleared; slot < end; slot++) {
                    if (SLOTS.getAcquire(chunk.slots, slot) == null) {
                        return; // not stored yet: cleared later
                    }
                    // only the event goes: its exclusions stay, for a reader that took the event
                    // before it was cut loose and checks them after this (it must still skip it)
                    SLOTS.setRelease(chunk.slots, slot, NOBODY);
                    chunk.cleared = slot + 1;
                }
                chunk = end == CHUNK ? chunk.next : null;
            }
        } finally {
            cleaning.set(false);
        }
    }

    /** Moves {@link #producerChunk} forward to {@code chunk}, never back. */
    @SuppressWarnings("AssignmentExpression") // one volatile read per round of the compare-and-set loop
    private void advanceProducerChunk(Chunk chunk) {
        Chunk current;
        while ((current = producerChunk).base < chunk.base) {
            if (PRODUCER_CHUNK.compareAndSet(this, current, chunk)) {
                return;
            }
        }
    }

    /**
     * Waits a little for an emitter's store, the {@code spins}-th time.
     *
     * @return {@code false}: give up (a delivery task ends its run and is scheduled again)
     */
    @SuppressWarnings("ThreadPriorityCheck") // yields to an emitter preempted between claiming and storing
    static boolean awaitStore(int spins) {
        if (spins <= STORE_SPINS) {
            Thread.onSpinWait();
            return true;
        }
        if (spins <= STORE_SPINS + STORE_YIELDS) {
            Thread.yield();
            return true;
        }
        return false;
    }

    /** Waits for another thread's short, non-blocking step (an emitter's store, a cut being set up). */
    @SuppressWarnings("ThreadPriorityCheck")
    static void pause(int spins) {
        if (spins <= STORE_SPINS) {
            Thread.onSpinWait();
        } else if (spins <= STORE_SPINS + STORE_YIELDS) {
            Thread.yield();
        } else {
            LockSupport.parkNanos(10_000);
        }
    }
}

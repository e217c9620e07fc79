package dev.orchestrator.bus;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The waiting events of one subscriber: a queue for many producers (emitting threads) and one
 * consumer (the subscriber's delivery task, of which at most one runs at a time).
 *
 * <p>Events are kept in linked chunks of {@value #CHUNK} slots, so an offer costs one atomic
 * operation on the producer index and a store into an array, and no allocation except one chunk
 * per {@value #CHUNK} events. The producer index is also the count that bounds the queue: a
 * bounded offer claims an index only while fewer than {@code capacity} events wait, checked and
 * claimed in one compare-and-set, so concurrent producers never push the queue past its capacity;
 * an unbounded offer (for events that must never be dropped) always claims one.
 *
 * <p>Order: an event gets its index when it is offered, so events offered one after the other
 * (by one thread, or ordered by happens-before) are polled in that order. Lock-free for producers:
 * a producer whose index lies in a chunk not yet linked links it itself.
 *
 * <p>Thread-safety: {@link #offer}, {@link #offerBounded}, {@link #size} and {@link #isEmpty} from
 * any thread; {@link #poll} and {@link #clear} only from the single consumer.
 */
final class SubscriberQueue<E> {

    static final int CHUNK = 256;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Object[].class);
    private static final VarHandle NEXT;
    private static final VarHandle PRODUCER_CHUNK;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NEXT = lookup.findVarHandle(Chunk.class, "next", Chunk.class);
            PRODUCER_CHUNK = lookup.findVarHandle(SubscriberQueue.class, "producerChunk", Chunk.class);
        } catch (ReflectiveOperationException ex) {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private static final class Chunk {
        final long base;
        final Object[] slots = new Object[CHUNK];
        volatile @Nullable Chunk next;

        Chunk(long base) {
            this.base = base;
        }
    }

    /**
     * A long on a cache line of its own: the producers write one index and the consumer the other
     * for every event, and on one line they would slow each other down.
     */
    @SuppressWarnings("unused") // the padding fields exist only to take room
    private static final class PaddedIndex extends AtomicLong {
        private static final long serialVersionUID = 1L;
        long p1, p2, p3, p4, p5, p6, p7;
    }

    /** The producers' side: the next index to claim, and their last view of the consumer's index. */
    @SuppressWarnings("unused") // the padding fields exist only to take room
    private static final class ProducerIndex extends AtomicLong {
        private static final long serialVersionUID = 1L;
        /**
         * Some earlier value of {@code consumerIndex}, so at most the current one; read again when the queue looks
         * full.
         */
        volatile long consumerIndexSeen;

        long p1, p2, p3, p4, p5, p6, p7;
    }

    /** Next index a producer claims; {@code producerIndex - consumerIndex} events wait. */
    private final ProducerIndex producerIndex = new ProducerIndex();
    /** Next index the consumer polls; written by the consumer only. */
    private final PaddedIndex consumerIndex = new PaddedIndex();
    /** The consumer's last view of {@code producerIndex}, so at most the current one; consumer only. */
    private long producerIndexSeen;
    /** A chunk whose base is at most every index not yet claimed; producers start their search here. */
    private volatile Chunk producerChunk;
    /** The chunk holding {@code consumerIndex} (or the one before, at a chunk boundary); consumer only. */
    private Chunk consumerChunk;

    SubscriberQueue() {
        Chunk first = new Chunk(0);
        producerChunk = first;
        consumerChunk = first;
    }

    /** Adds an event whatever the number waiting. */
    void offer(E event) {
        Chunk start = producerChunk; // read before claiming: start.base <= the index claimed below
        store(start, producerIndex.getAndIncrement(), event);
    }

    /**
     * Adds an event unless {@code capacity} events already wait.
     *
     * @return {@code false} when the queue was full and the event was not added
     */
    boolean offerBounded(E event, int capacity) {
        return offerBounded(event, capacity, SubscriberQueue::nothingAhead, 0);
    }

    private static int nothingAhead() {
        return 0;
    }

    /**
     * Adds an event unless {@code capacity} events already wait, counting those that wait for the same
     * consumer ahead of this queue.
     *
     * @param ahead how many events wait ahead of this queue's; may only fall over time
     * @param aheadAtMost a value {@code ahead} never exceeds, used before looking closer
     * @return {@code false} when the queue was full and the event was not added
     */
    boolean offerBounded(E event, int capacity, IntSupplier ahead, int aheadAtMost) {
        Chunk start = producerChunk;
        while (true) {
            long index = producerIndex.get();
            if (index - producerIndex.consumerIndexSeen + aheadAtMost >= capacity) {
                // looks full from what was seen of the consumer before: look again
                long consumed = consumerIndex.get();
                producerIndex.consumerIndexSeen = consumed;
                if (index - consumed + ahead.getAsInt() >= capacity) {
                    return false;
                }
            }
            if (producerIndex.compareAndSet(index, index + 1)) {
                store(start, index, event);
                return true;
            }
        }
    }

    private void store(Chunk start, long index, E event) {
        Chunk chunk = start;
        while (index >= chunk.base + CHUNK) {
            @Nullable Chunk next = chunk.next;
            if (next == null) {
                Chunk created = new Chunk(chunk.base + CHUNK);
                // a failed compare-and-set means another producer linked the next chunk
                next = NEXT.compareAndSet(chunk, null, created) ? created : Objects.requireNonNull(chunk.next);
            }
            chunk = next;
        }
        SLOTS.setRelease(chunk.slots, (int) (index - chunk.base), event);
        if (chunk != start) {
            advanceProducerChunk(chunk);
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
     * Takes the oldest event. Waits (spinning, then yielding) only for a producer that has claimed
     * the next index and is about to store its event; returns {@code null} when that takes too long.
     *
     * @return the oldest event, or {@code null} when none is ready
     */
    @SuppressWarnings("unchecked")
    @Nullable
    E poll() {
        long index = consumerIndex.get();
        if (index == producerIndexSeen && index == (producerIndexSeen = producerIndex.get())) {
            return null;
        }
        Chunk chunk = consumerChunk;
        int spins = 0;
        if (index == chunk.base + CHUNK) {
            Chunk next;
            while ((next = chunk.next) == null) {
                if (!EventLog.awaitStore(++spins)) {
                    return null;
                }
            }
            chunk = next;
            consumerChunk = next; // the old chunk is garbage from here on
        }
        int slot = (int) (index - chunk.base);
        Object event;
        while ((event = SLOTS.getAcquire(chunk.slots, slot)) == null) {
            if (!EventLog.awaitStore(++spins)) {
                return null;
            }
        }
        chunk.slots[slot] = null;
        // release order is enough: producers read it only to bound the queue, where a late view
        // errs on the safe side (the queue looks fuller than it is)
        consumerIndex.lazySet(index + 1);
        return (E) event;
    }

    /** Drops every waiting event that is ready; consumer only. */
    void clear() {
        while (poll() != null) {
            // discard
        }
    }

    /** {@return how many events wait, including those whose producer is still storing them} */
    int size() {
        return (int) Math.min(Integer.MAX_VALUE, producerIndex.get() - consumerIndex.get());
    }

    /** {@return whether no event waits, counting those whose producer is still storing them} */
    boolean isEmpty() {
        return producerIndex.get() == consumerIndex.get();
    }
}

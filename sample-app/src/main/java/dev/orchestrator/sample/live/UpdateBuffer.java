package dev.orchestrator.sample.live;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The updates waiting for one connection's writer, in order: at most {@code capacity} of them.
 *
 * <p>An update with a key (an orchestrator's whole state) supersedes the earlier ones with that key:
 * the page shows only the newest. So once more than {@code replaceAbove} updates wait, a keyed update
 * takes the place of the one with its key still waiting, if any, instead of queueing behind it. A
 * connection that keeps up gets every update; one that lags gets the newest state of each
 * orchestrator, and its buffer fills only with updates that each matter (bus entries, trips).
 *
 * <p>Thread-safe: any thread may offer; one writer takes.
 */
final class UpdateBuffer {

    /**
     * One update as the page receives it.
     *
     * @param name the event name the page listens for
     * @param key what the update is the newest state of, or {@code null} if no later update supersedes it
     * @param data the payload, written as JSON
     */
    record Update(String name, @Nullable String key, Object data) {}

    /** A place in the buffer; a newer update with the same key may take it over while it waits. */
    private static final class Slot {
        Update update;

        Slot(Update update) {
            this.update = update;
        }
    }

    private final int capacity;
    private final int replaceAbove;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<Slot> waiting = new ArrayDeque<>();
    private final Map<String, Slot> waitingByKey = new HashMap<>();
    private boolean closed;

    /**
     * @param capacity updates that may wait
     * @param replaceAbove updates waiting beyond which a keyed update replaces the waiting one with its key
     */
    UpdateBuffer(int capacity, int replaceAbove) {
        this.capacity = capacity;
        this.replaceAbove = replaceAbove;
    }

    /**
     * Adds the update, or lets it replace the waiting one with its key. Never waits.
     *
     * @return false if the buffer is full (or closed)
     */
    boolean offer(Update update) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            String key = update.key();
            if (key != null && waiting.size() > replaceAbove) {
                Slot superseded = waitingByKey.get(key);
                if (superseded != null) {
                    superseded.update = update;
                    return true;
                }
            }
            if (waiting.size() >= capacity) {
                return false;
            }
            Slot slot = new Slot(update);
            waiting.addLast(slot);
            if (key != null) {
                waitingByKey.put(key, slot);
            }
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits for the next update.
     *
     * @return the next update, or {@code null} once the buffer is closed
     */
    @Nullable
    Update take() throws InterruptedException {
        lock.lock();
        try {
            while (waiting.isEmpty() && !closed) {
                changed.await();
            }
            if (closed) {
                return null;
            }
            Slot slot = waiting.removeFirst();
            String key = slot.update.key();
            if (key != null && waitingByKey.get(key) == slot) {
                waitingByKey.remove(key);
            }
            return slot.update;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets what waits, takes nothing more, and wakes the writer if it waits. */
    void close() {
        lock.lock();
        try {
            closed = true;
            waiting.clear();
            waitingByKey.clear();
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    /** @return how many updates wait */
    int size() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }
}

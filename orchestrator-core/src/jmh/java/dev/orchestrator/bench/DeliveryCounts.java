package dev.orchestrator.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One delivery count per subscriber, each written by its subscriber's (serial) handler only and
 * on a cache line of its own, read now and then by another thread.
 */
final class DeliveryCounts {

    private static final int STRIDE = 16; // 16 longs = 128 bytes between two counts

    private final int subscribers;
    private final AtomicLongArray counts;

    DeliveryCounts(int subscribers) {
        this.subscribers = subscribers;
        this.counts = new AtomicLongArray((subscribers + 1) * STRIDE);
    }

    /** One delivery to subscriber {@code index}; called by that subscriber's handler only. */
    void delivered(int index) {
        int slot = (index + 1) * STRIDE;
        counts.setRelease(slot, counts.getPlain(slot) + 1);
    }

    /** Deliveries so far, summed over the subscribers. */
    long total() {
        long sum = 0;
        for (int i = 0; i < subscribers; i++) {
            sum += counts.getAcquire((i + 1) * STRIDE);
        }
        return sum;
    }
}

package dev.orchestrator.test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * What a job waits for from the test (one mailbox per job): {@link #take} waits for the next item,
 * counting as waiting for {@link VirtualTime} when the job runs on its executor, so that virtual
 * time can move while the job waits; {@link #put} counts it as running again before it wakes, so
 * that time waits for what the job does next. Thread-safe.
 */
final class Mailbox<T> {

    private final ArrayDeque<T> items = new ArrayDeque<>();
    /** The virtual time the waiting job is parked on, while it is. */
    private @Nullable VirtualTime parkedOn;

    synchronized void put(T item) {
        items.add(item);
        VirtualTime time = parkedOn;
        if (time != null) {
            parkedOn = null;
            time.unpark();
        }
        notifyAll();
    }

    /**
     * Waits for the next item, at most {@code limit} of real time.
     *
     * @return the item, or {@code null} after {@code limit}
     * @throws InterruptedException when interrupted while waiting
     */
    synchronized @Nullable T take(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        VirtualTime time = VirtualTime.current();
        try {
            while (items.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                if (time != null && parkedOn == null) {
                    time.park();
                    parkedOn = time;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return items.poll();
        } finally {
            if (parkedOn != null) { // interrupted or out of time while parked: running again
                parkedOn.unpark();
                parkedOn = null;
            }
        }
    }
}

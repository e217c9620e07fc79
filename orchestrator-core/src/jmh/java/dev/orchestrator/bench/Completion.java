package dev.orchestrator.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Lets a benchmark thread wait, without spinning, until a number of arrivals happened on other
 * threads (the handlers of a fan-out, say). Waits fail after {@link #TIMEOUT_SECONDS} instead of
 * hanging a benchmark run when something is lost. One waiter at a time.
 */
final class Completion {

    static final long TIMEOUT_SECONDS = 30;

    private final AtomicInteger remaining = new AtomicInteger();
    private volatile Thread waiter;

    /** Arms the completion for {@code parties} arrivals; call before the work starts. */
    void arm(int parties) {
        waiter = Thread.currentThread();
        remaining.set(parties);
    }

    /** One arrival; the last one wakes the waiter. */
    void arrive() {
        if (remaining.decrementAndGet() == 0) {
            LockSupport.unpark(waiter);
        }
    }

    /** Parks until every armed arrival happened. */
    void await() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        while (remaining.get() > 0) {
            LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(100));
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("Timed out: " + remaining.get() + " arrivals missing");
            }
        }
    }
}

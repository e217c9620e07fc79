package dev.orchestrator.bus;

/**
 * Handle returned by {@link SignalBus#subscribe}: {@link #unsubscribe()} stops delivery to the
 * subscriber. Idempotent and thread-safe.
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

    /**
     * Stops delivery: events not yet delivered are discarded; a delivery in progress on another
     * thread completes. Has no effect when already unsubscribed.
     */
    void unsubscribe();

    /** Same as {@link #unsubscribe()}, so that a subscription works in try-with-resources. */
    @Override
    default void close() {
        unsubscribe();
    }
}

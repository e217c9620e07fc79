package dev.orchestrator.cancellation;

/**
 * Handle returned by {@link CancellationToken#onCancel(Runnable)}: {@link #unregister()} removes
 * the listener so that it will not run. Idempotent and thread-safe.
 */
@FunctionalInterface
public interface Registration extends AutoCloseable {

    /**
     * Removes the listener. Has no effect when the listener already ran or was already removed.
     */
    void unregister();

    /** Same as {@link #unregister()}, so that a registration works in try-with-resources. */
    @Override
    default void close() {
        unregister();
    }
}

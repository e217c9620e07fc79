package dev.orchestrator.test;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** The kit's one way to wait: on a monitor that is notified when what is waited for may have changed. */
final class Waits {

    private Waits() {}

    /**
     * {@return {@code timeout}, checked}
     *
     * @throws IllegalArgumentException when it is zero or negative
     */
    static Duration positive(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return timeout;
    }

    /**
     * Waits on {@code monitor} (notified by whoever changes what {@code condition} reads) until the
     * condition holds, at most {@code timeout}.
     *
     * @param failure what the {@link AssertionError} says when time runs out (read under the monitor)
     * @throws AssertionError when time runs out or the thread is interrupted
     */
    static void until(Object monitor, BooleanSupplier condition, Duration timeout, Supplier<String> failure) {
        long deadline = System.nanoTime() + TimeUnit.NANOSECONDS.convert(timeout);
        synchronized (monitor) {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(failure.get());
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(monitor, left);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError("interrupted while waiting: " + failure.get(), ex);
                }
            }
        }
    }
}

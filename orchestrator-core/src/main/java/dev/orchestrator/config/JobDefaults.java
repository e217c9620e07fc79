package dev.orchestrator.config;

import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Settings applied to every job of one type that does not set them itself: a job's own timeout or
 * retry policy always wins. Immutable and thread-safe.
 */
public final class JobDefaults {

    private static final JobDefaults NONE = new JobDefaults(null, null);

    private final @Nullable Duration timeout;
    private final @Nullable RetryPolicy retryPolicy;

    private JobDefaults(@Nullable Duration timeout, @Nullable RetryPolicy retryPolicy) {
        this.timeout = timeout;
        this.retryPolicy = retryPolicy;
    }

    /** {@return defaults that set nothing} */
    public static JobDefaults none() {
        return NONE;
    }

    /**
     * {@return the defaults}
     *
     * @param timeout the default timeout, positive, or {@code null} for none
     * @param retryPolicy the default retry policy, or {@code null} for none
     * @throws IllegalArgumentException when {@code timeout} is zero or negative
     */
    public static JobDefaults of(@Nullable Duration timeout, @Nullable RetryPolicy retryPolicy) {
        if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        return new JobDefaults(timeout, retryPolicy);
    }

    /** {@return the default timeout, if any} */
    public Optional<Duration> timeout() {
        return Optional.ofNullable(timeout);
    }

    /** {@return the default retry policy, if any} */
    public Optional<RetryPolicy> retryPolicy() {
        return Optional.ofNullable(retryPolicy);
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof JobDefaults defaults
                && Objects.equals(timeout, defaults.timeout)
                && Objects.equals(retryPolicy, defaults.retryPolicy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(timeout, retryPolicy);
    }

    @Override
    public String toString() {
        return "JobDefaults[timeout=" + timeout + ", retryPolicy=" + retryPolicy + "]";
    }
}

package dev.orchestrator.retry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * When and how long to wait before a failed job runs again.
 *
 * <p>Attempts are numbered from 1, as everywhere in the framework: the first run is attempt 1, and
 * a job runs at most {@code maxRetries + 1} attempts. After attempt {@code n} fails,
 * {@link #canRetry(Throwable, int) canRetry(error, n)} decides whether to try again, and
 * {@link #getDelay(int) getDelay(n)} how long to wait first: {@code baseDelay·2^(n-1)} capped at
 * {@code maxDelay} with exponential backoff, {@code baseDelay} without. No attempt number makes the
 * computation overflow. With jitter {@code j}, the delay is drawn uniformly from
 * {@code [d·(1-j), d·(1+j)]} and still capped at {@code maxDelay}.
 *
 * <p><b>Which errors are retried.</b> An error is retried when every one of these holds: attempts
 * remain; it is an {@link Exception}, not an {@link Error}; when {@linkplain Builder#retryOn retry-on}
 * classes are given, it is an instance of one of them; it is not an instance of an
 * {@linkplain Builder#ignore ignored} class (ignore wins over retry-on); and the
 * {@linkplain Builder#shouldRetry shouldRetry} predicate, when set, accepts it. So configuration
 * narrows what code allows, and code narrows what configuration allows.
 *
 * <p>Immutable and thread-safe. Build one with {@link #custom()}, or take {@link #ofDefaults()}
 * ({@code maxRetries=3, baseDelay=1s, exponentialBackoff=true, maxDelay=30s}) or {@link #none()}.
 */
public final class RetryPolicy {

    /** Default number of retries after the first attempt: 3. */
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** Default wait before the first retry: 1 second. */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofSeconds(1);
    /** Default longest wait between two attempts: 30 seconds. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(30);
    /** Default backoff: exponential. */
    public static final boolean DEFAULT_EXPONENTIAL_BACKOFF = true;
    /** Default jitter: none. */
    public static final double DEFAULT_JITTER = 0.0;

    private static final RetryPolicy DEFAULTS = custom().build();
    private static final RetryPolicy NONE = custom().maxRetries(0).build();

    private final int maxRetries;
    private final Duration baseDelay;
    private final boolean exponentialBackoff;
    private final Duration maxDelay;
    private final @Nullable Predicate<Throwable> shouldRetry;
    private final double jitter;
    private final List<Class<? extends Throwable>> retryOn;
    private final List<Class<? extends Throwable>> ignore;

    private RetryPolicy(Builder builder) {
        this.maxRetries = builder.maxRetries;
        this.baseDelay = builder.baseDelay;
        this.exponentialBackoff = builder.exponentialBackoff;
        this.maxDelay = builder.maxDelay;
        this.shouldRetry = builder.shouldRetry;
        this.jitter = builder.jitter;
        this.retryOn = List.copyOf(builder.retryOn);
        this.ignore = List.copyOf(builder.ignore);
    }

    /** {@return the defaults: 3 retries, 1 s base delay, exponential, at most 30 s} */
    public static RetryPolicy ofDefaults() {
        return DEFAULTS;
    }

    /** {@return a policy that never retries} */
    public static RetryPolicy none() {
        return NONE;
    }

    /** {@return a builder that starts from the defaults} */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * {@return a builder that starts from {@code base}}
     *
     * @param base the policy to copy, not {@code null}
     */
    public static Builder from(RetryPolicy base) {
        Objects.requireNonNull(base, "base must not be null");
        return new Builder(base);
    }

    /**
     * The wait before the attempt that follows the failed attempt {@code attempt}: {@code baseDelay}
     * after attempt 1, doubling after each later one with exponential backoff.
     *
     * @param attempt the failed attempt, numbered from 1
     * @return a delay between zero and {@link #maxDelay()}, never negative
     * @throws IllegalArgumentException when {@code attempt} is below 1
     */
    public Duration getDelay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1 (attempts are numbered from 1), was " + attempt);
        }
        Duration delay = exponentialBackoff ? exponential(attempt - 1) : baseDelay;
        if (jitter > 0 && !delay.isZero()) {
            double factor =
                    1 - jitter + 2 * jitter * ThreadLocalRandom.current().nextDouble();
            delay = scale(delay, factor);
        }
        return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
    }

    private Duration exponential(int doublings) {
        if (doublings >= Long.SIZE - 2) {
            return baseDelay.isZero() ? baseDelay : maxDelay;
        }
        try {
            Duration delay = baseDelay.multipliedBy(1L << doublings);
            return delay.compareTo(maxDelay) > 0 ? maxDelay : delay;
        } catch (ArithmeticException overflow) {
            return maxDelay;
        }
    }

    /** {@code duration·factor}, also for durations beyond {@code Long.MAX_VALUE} nanoseconds. */
    private static Duration scale(Duration duration, double factor) {
        double nanos = (duration.getSeconds() * 1e9 + duration.getNano()) * factor;
        if (nanos < Long.MAX_VALUE) {
            return Duration.ofNanos((long) nanos);
        }
        return Duration.ofSeconds((long) Math.min(Long.MAX_VALUE, nanos / 1e9));
    }

    /**
     * Whether to try again after the attempt {@code currentAttempt} failed with {@code error}: only
     * while {@code currentAttempt <= maxRetries}, and only for an error the policy retries (see the
     * class description: not an {@code Error}, retry-on, ignore, then {@code shouldRetry}).
     *
     * @param error the error of the failed attempt, not {@code null}
     * @param currentAttempt the failed attempt, numbered from 1
     * @return {@code true} to retry
     * @throws IllegalArgumentException when {@code currentAttempt} is below 1
     */
    public boolean canRetry(Throwable error, int currentAttempt) {
        Objects.requireNonNull(error, "error must not be null");
        if (currentAttempt < 1) {
            throw new IllegalArgumentException(
                    "currentAttempt must be >= 1 (attempts are numbered from 1), was " + currentAttempt);
        }
        if (currentAttempt > maxRetries || error instanceof Error) {
            return false;
        }
        if (!retryOn.isEmpty() && !isInstanceOfAny(error, retryOn)) {
            return false;
        }
        if (isInstanceOfAny(error, ignore)) {
            return false;
        }
        return shouldRetry == null || shouldRetry.test(error);
    }

    private static boolean isInstanceOfAny(Throwable error, List<Class<? extends Throwable>> types) {
        for (Class<? extends Throwable> type : types) {
            if (type.isInstance(error)) {
                return true;
            }
        }
        return false;
    }

    /** {@return the largest number of attempts a job runs under this policy: {@code maxRetries + 1}} */
    public int maxAttempts() {
        return maxRetries + 1;
    }

    /** {@return the error classes that are retried (with their subclasses); empty means every {@code Exception}} */
    public List<Class<? extends Throwable>> retryOn() {
        return retryOn;
    }

    /** {@return the error classes that are never retried (with their subclasses), whatever else says} */
    public List<Class<? extends Throwable>> ignore() {
        return ignore;
    }

    /** {@return how many times a job may run again after its first attempt; at least 0} */
    public int maxRetries() {
        return maxRetries;
    }

    /** {@return the wait before the first retry; never negative} */
    public Duration baseDelay() {
        return baseDelay;
    }

    /** {@return whether the wait doubles with every attempt} */
    public boolean exponentialBackoff() {
        return exponentialBackoff;
    }

    /** {@return the longest wait between two attempts; at least {@link #baseDelay()}} */
    public Duration maxDelay() {
        return maxDelay;
    }

    /** {@return the predicate that decides which errors are worth a retry, if one was set} */
    public Optional<Predicate<Throwable>> shouldRetry() {
        return Optional.ofNullable(shouldRetry);
    }

    /** {@return the jitter factor, between 0 (none) and 1} */
    public double jitter() {
        return jitter;
    }

    @Override
    public String toString() {
        return "RetryPolicy[maxRetries=" + maxRetries + ", baseDelay=" + baseDelay
                + ", exponentialBackoff=" + exponentialBackoff + ", maxDelay=" + maxDelay
                + ", jitter=" + jitter + (retryOn.isEmpty() ? "" : ", retryOn=" + simpleNames(retryOn))
                + (ignore.isEmpty() ? "" : ", ignore=" + simpleNames(ignore))
                + ", shouldRetry=" + (shouldRetry != null ? "custom" : "always") + "]";
    }

    private static String simpleNames(List<Class<? extends Throwable>> types) {
        StringBuilder names = new StringBuilder("[");
        for (Class<? extends Throwable> type : types) {
            names.append(names.length() > 1 ? ", " : "").append(type.getSimpleName());
        }
        return names.append(']').toString();
    }

    /** Builds a {@link RetryPolicy}; each method checks its one value. Not thread-safe. */
    public static final class Builder {

        private int maxRetries = DEFAULT_MAX_RETRIES;
        private Duration baseDelay = DEFAULT_BASE_DELAY;
        private boolean exponentialBackoff = DEFAULT_EXPONENTIAL_BACKOFF;
        private Duration maxDelay = DEFAULT_MAX_DELAY;
        private @Nullable Predicate<Throwable> shouldRetry;
        private double jitter = DEFAULT_JITTER;
        private final List<Class<? extends Throwable>> retryOn = new ArrayList<>();
        private final List<Class<? extends Throwable>> ignore = new ArrayList<>();

        private Builder() {}

        private Builder(RetryPolicy base) {
            this.maxRetries = base.maxRetries;
            this.baseDelay = base.baseDelay;
            this.exponentialBackoff = base.exponentialBackoff;
            this.maxDelay = base.maxDelay;
            this.shouldRetry = base.shouldRetry;
            this.jitter = base.jitter;
            this.retryOn.addAll(base.retryOn);
            this.ignore.addAll(base.ignore);
        }

        /**
         * Sets the number of retries after the first attempt.
         *
         * @param maxRetries retries after the first attempt, 0 or more
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder maxRetries(int maxRetries) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, was " + maxRetries);
            }
            this.maxRetries = maxRetries;
            return this;
        }

        /**
         * Sets the wait before the first retry.
         *
         * @param baseDelay the wait before the first retry, zero or positive
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder baseDelay(Duration baseDelay) {
            Objects.requireNonNull(baseDelay, "baseDelay must not be null");
            if (baseDelay.isNegative()) {
                throw new IllegalArgumentException("baseDelay must be >= 0, was " + baseDelay);
            }
            this.baseDelay = baseDelay;
            return this;
        }

        /**
         * Sets whether the wait doubles after each attempt.
         *
         * @param exponentialBackoff whether the wait doubles with each attempt
         * @return this builder
         */
        public Builder exponentialBackoff(boolean exponentialBackoff) {
            this.exponentialBackoff = exponentialBackoff;
            return this;
        }

        /**
         * Sets the longest wait between two attempts.
         *
         * @param maxDelay the longest wait, zero or positive and at least the base delay
         *     (checked by {@link #build()})
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder maxDelay(Duration maxDelay) {
            Objects.requireNonNull(maxDelay, "maxDelay must not be null");
            if (maxDelay.isNegative()) {
                throw new IllegalArgumentException("maxDelay must be >= 0, was " + maxDelay);
            }
            this.maxDelay = maxDelay;
            return this;
        }

        /**
         * Sets which errors are worth a retry.
         *
         * @param shouldRetry decides which errors are worth a retry (for example, transient
         *     I/O errors but not validation errors); {@code null} retries every error
         * @return this builder
         */
        public Builder shouldRetry(@Nullable Predicate<Throwable> shouldRetry) {
            this.shouldRetry = shouldRetry;
            return this;
        }

        /**
         * Retries only errors of these classes (and their subclasses), replacing earlier ones; no
         * class (the default) retries every {@code Exception}. {@link #ignore} wins over this list.
         *
         * @param types exception classes, none {@code null}; none may be an {@code Error}, which is
         *     never retried
         * @return this builder
         * @throws IllegalArgumentException when a class is an {@code Error}
         */
        @SafeVarargs
        public final Builder retryOn(Class<? extends Throwable>... types) {
            Objects.requireNonNull(types, "retryOn must not be null");
            return retryOn(Arrays.asList(types));
        }

        /**
         * Retries only errors of these classes (and their subclasses), replacing earlier ones; an empty
         * list (the default) retries every {@code Exception}. {@link #ignore} wins over this list.
         *
         * @param types exception classes, none {@code null}; none may be an {@code Error}
         * @return this builder
         * @throws IllegalArgumentException when a class is an {@code Error}
         */
        public Builder retryOn(List<Class<? extends Throwable>> types) {
            List<Class<? extends Throwable>> checked = checkTypes("retryOn", types);
            this.retryOn.clear();
            this.retryOn.addAll(checked);
            return this;
        }

        /**
         * Never retries errors of these classes (and their subclasses), replacing earlier ones; for
         * example an {@code HttpClientErrorException.Unauthorized} (a 401 will not go away by itself).
         *
         * @param types exception classes, none {@code null}
         * @return this builder
         */
        @SafeVarargs
        public final Builder ignore(Class<? extends Throwable>... types) {
            Objects.requireNonNull(types, "ignore must not be null");
            return ignore(Arrays.asList(types));
        }

        /**
         * Never retries errors of these classes (and their subclasses), replacing earlier ones.
         *
         * @param types exception classes, none {@code null}
         * @return this builder
         */
        public Builder ignore(List<Class<? extends Throwable>> types) {
            List<Class<? extends Throwable>> checked = checkTypes("ignore", types);
            this.ignore.clear();
            this.ignore.addAll(checked);
            return this;
        }

        private static List<Class<? extends Throwable>> checkTypes(
                String name, List<Class<? extends Throwable>> types) {
            Objects.requireNonNull(types, name + " must not be null");
            List<Class<? extends Throwable>> list = new ArrayList<>(types.size());
            for (Class<? extends Throwable> type : types) {
                Objects.requireNonNull(type, name + " must not contain null");
                if (name.equals("retryOn") && Error.class.isAssignableFrom(type)) {
                    throw new IllegalArgumentException(
                            "retryOn must name Exception classes; an Error is never retried, was " + type.getName());
                }
                list.add(type);
            }
            return list;
        }

        /**
         * Sets how much each wait varies at random.
         *
         * @param jitter spread of the delay as a fraction, from 0 (none) to 1
         * @return this builder
         * @throws IllegalArgumentException when outside 0..1 or NaN
         */
        public Builder jitter(double jitter) {
            if (!(jitter >= 0 && jitter <= 1)) {
                throw new IllegalArgumentException("jitter must be between 0 and 1, was " + jitter);
            }
            this.jitter = jitter;
            return this;
        }

        /**
         * {@return the policy}
         *
         * @throws IllegalArgumentException when {@code maxDelay < baseDelay}
         */
        public RetryPolicy build() {
            if (maxDelay.compareTo(baseDelay) < 0) {
                throw new IllegalArgumentException(
                        "maxDelay must be >= baseDelay (" + baseDelay + "), was " + maxDelay);
            }
            return new RetryPolicy(this);
        }
    }
}

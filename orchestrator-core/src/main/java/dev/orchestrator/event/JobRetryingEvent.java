package dev.orchestrator.event;

import dev.orchestrator.job.BaseJob;
import java.time.Duration;
import java.util.Objects;

/**
 * Emitted after a failed attempt, before the wait that precedes the next one. Attempts are
 * numbered from 1: after attempt 1 of at most 4 fails, {@link #attempt()} is 1 and
 * {@link #nextAttempt()} is 2. Immutable.
 */
public final class JobRetryingEvent extends JobEvent {

    private final int attempt;
    private final int maxAttempts;
    private final Throwable lastError;
    private final Duration delayBeforeRetry;

    /**
     * Creates the event, checking its values.
     *
     * @param correlationId the job's id
     * @param jobType the job's class
     * @param attempt the attempt that failed, from 1; below {@code maxAttempts}, since another follows
     * @param maxAttempts the most attempts the job's retry policy allows ({@code maxRetries + 1})
     * @param lastError the error of the attempt that failed, not {@code null}
     * @param delayBeforeRetry the wait before the retry, not negative
     */
    public JobRetryingEvent(
            String correlationId,
            Class<? extends BaseJob> jobType,
            int attempt,
            int maxAttempts,
            Throwable lastError,
            Duration delayBeforeRetry) {
        super(correlationId, jobType);
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        if (maxAttempts <= attempt) {
            throw new IllegalArgumentException("maxAttempts must be > attempt (" + attempt + "), was " + maxAttempts);
        }
        Objects.requireNonNull(delayBeforeRetry, "delayBeforeRetry must not be null");
        if (delayBeforeRetry.isNegative()) {
            throw new IllegalArgumentException("delayBeforeRetry must be >= 0, was " + delayBeforeRetry);
        }
        this.attempt = attempt;
        this.maxAttempts = maxAttempts;
        this.lastError = Objects.requireNonNull(lastError, "lastError must not be null");
        this.delayBeforeRetry = delayBeforeRetry;
    }

    /** {@return the attempt that failed, numbered from 1} */
    public int attempt() {
        return attempt;
    }

    /** {@return the attempt that follows the wait: {@code attempt() + 1}} */
    public int nextAttempt() {
        return attempt + 1;
    }

    /** {@return the most attempts the job's retry policy allows, the first one included} */
    public int maxAttempts() {
        return maxAttempts;
    }

    /** {@return the retries the job's retry policy allows: {@code maxAttempts() - 1}} */
    public int maxRetries() {
        return maxAttempts - 1;
    }

    /** {@return the error of the attempt that failed} */
    public Throwable lastError() {
        return lastError;
    }

    /** {@return the wait before the retry} */
    public Duration delayBeforeRetry() {
        return delayBeforeRetry;
    }

    @Override
    protected String describe() {
        return "attempt=" + attempt + ", maxAttempts=" + maxAttempts + ", delayBeforeRetry=" + delayBeforeRetry
                + ", lastError=" + lastError;
    }
}

package dev.orchestrator.event;

import dev.orchestrator.job.BaseJob;
import java.time.Duration;
import java.util.Objects;

/**
 * Emitted after a failed attempt, before the wait that precedes the next one (seed 5.3).
 * Immutable.
 */
public final class JobRetryingEvent extends JobEvent {

    private final int attempt;
    private final int maxRetries;
    private final Throwable lastError;
    private final Duration delayBeforeRetry;

    /**
     * Creates the event, checking its values.
     *
     * @param correlationId the job's id
     * @param jobType the job's class
     * @param attempt the retry about to happen, from 1 to {@code maxRetries}
     * @param maxRetries the retries the policy allows
     * @param lastError the error of the attempt that failed, not {@code null}
     * @param delayBeforeRetry the wait before the retry, not negative
     */
    public JobRetryingEvent(
            String correlationId,
            Class<? extends BaseJob> jobType,
            int attempt,
            int maxRetries,
            Throwable lastError,
            Duration delayBeforeRetry) {
        super(correlationId, jobType);
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, was " + attempt);
        }
        if (maxRetries < attempt) {
            throw new IllegalArgumentException("maxRetries must be >= attempt (" + attempt + "), was " + maxRetries);
        }
        Objects.requireNonNull(delayBeforeRetry, "delayBeforeRetry must not be null");
        if (delayBeforeRetry.isNegative()) {
            throw new IllegalArgumentException("delayBeforeRetry must be >= 0, was " + delayBeforeRetry);
        }
        this.attempt = attempt;
        this.maxRetries = maxRetries;
        this.lastError = Objects.requireNonNull(lastError, "lastError must not be null");
        this.delayBeforeRetry = delayBeforeRetry;
    }

    /** {@return the retry about to happen: 1 for the first retry, up to {@link #maxRetries()}} */
    public int attempt() {
        return attempt;
    }

    /** {@return the retries the job's policy allows} */
    public int maxRetries() {
        return maxRetries;
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
        return "attempt=" + attempt + ", maxRetries=" + maxRetries + ", delayBeforeRetry=" + delayBeforeRetry
                + ", lastError=" + lastError;
    }
}

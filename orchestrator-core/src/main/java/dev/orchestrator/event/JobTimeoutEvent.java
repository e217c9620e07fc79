package dev.orchestrator.event;

import dev.orchestrator.job.BaseJob;
import java.time.Duration;
import java.util.Objects;

/**
 * A job ran out of time. Not terminal: a {@link JobFailureEvent} whose error is a
 * {@link java.util.concurrent.TimeoutException} follows at once. Immutable.
 */
public final class JobTimeoutEvent extends JobEvent {

    private final Duration timeout;

    /**
     * Creates the event.
     *
     * @param correlationId the job's id
     * @param jobType the job's class
     * @param timeout the time the job was allowed, positive
     * @throws IllegalArgumentException when {@code timeout} is zero or negative
     */
    public JobTimeoutEvent(String correlationId, Class<? extends BaseJob> jobType, Duration timeout) {
        super(correlationId, jobType);
        Objects.requireNonNull(timeout, "timeout must not be null");
        if (timeout.isZero() || timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    /** {@return the time the job was allowed} */
    public Duration timeout() {
        return timeout;
    }

    @Override
    protected String describe() {
        return "timeout=" + timeout;
    }
}

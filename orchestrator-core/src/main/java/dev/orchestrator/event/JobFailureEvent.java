package dev.orchestrator.event;

import dev.orchestrator.job.BaseJob;
import java.util.Objects;

/**
 * A job ended with an error: terminal. After a timeout the error is a
 * {@link java.util.concurrent.TimeoutException}. Immutable.
 */
public final class JobFailureEvent extends JobEvent {

    private final Throwable error;
    private final int attempts;

    /**
     * Creates the event.
     *
     * @param correlationId the job's id
     * @param jobType the job's class
     * @param error the error that ended the job, not {@code null}
     * @param attempts how many attempts ran, the last one included; at least 1
     * @throws IllegalArgumentException when {@code attempts} is below 1
     */
    public JobFailureEvent(String correlationId, Class<? extends BaseJob> jobType, Throwable error, int attempts) {
        super(correlationId, jobType);
        this.error = Objects.requireNonNull(error, "error must not be null");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
        this.attempts = attempts;
    }

    /** {@return how many attempts ran, the last one included: the number of the attempt that failed, from 1} */
    public int attempts() {
        return attempts;
    }

    /** {@return the error that ended the job} */
    public Throwable error() {
        return error;
    }

    /** {@return whether the job was retried before it failed: more than one attempt ran} */
    public boolean wasRetried() {
        return attempts > 1;
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    @Override
    protected String describe() {
        return "error=" + error + ", attempts=" + attempts;
    }
}

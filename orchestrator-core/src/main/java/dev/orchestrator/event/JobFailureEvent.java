package dev.orchestrator.event;

import dev.orchestrator.job.BaseJob;
import java.util.Objects;

/**
 * A job ended with an error: terminal. After a timeout the error is a
 * {@link java.util.concurrent.TimeoutException}. Immutable.
 */
public final class JobFailureEvent extends JobEvent {

    private final Throwable error;
    private final boolean wasRetried;

    /**
     * Creates the event.
     *
     * @param correlationId the job's id
     * @param jobType the job's class
     * @param error the error that ended the job, not {@code null}
     * @param wasRetried whether the job ran more than once before failing
     */
    public JobFailureEvent(
            String correlationId, Class<? extends BaseJob> jobType, Throwable error, boolean wasRetried) {
        super(correlationId, jobType);
        this.error = Objects.requireNonNull(error, "error must not be null");
        this.wasRetried = wasRetried;
    }

    /** {@return the error that ended the job} */
    public Throwable error() {
        return error;
    }

    /** {@return whether the job was retried before it failed} */
    public boolean wasRetried() {
        return wasRetried;
    }

    @Override
    public boolean isTerminal() {
        return true;
    }

    @Override
    protected String describe() {
        return "error=" + error + ", wasRetried=" + wasRetried;
    }
}

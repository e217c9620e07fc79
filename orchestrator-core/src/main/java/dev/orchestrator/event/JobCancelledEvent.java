package dev.orchestrator.event;

import dev.orchestrator.job.BaseJob;

/**
 * A job was cancelled: terminal. Emitted promptly, even when {@code process} ignores
 * the interruption; whatever {@code process} returns afterwards is discarded. Immutable.
 */
public final class JobCancelledEvent extends JobEvent {

    /**
     * Creates the event.
     *
     * @param correlationId the job's id
     * @param jobType the job's class
     */
    public JobCancelledEvent(String correlationId, Class<? extends BaseJob> jobType) {
        super(correlationId, jobType);
    }

    @Override
    public boolean isTerminal() {
        return true;
    }
}

package dev.orchestrator.event;

import dev.orchestrator.job.BaseJob;

/** Emitted once when a job's first attempt starts on a worker. Immutable. */
public final class JobStartedEvent extends JobEvent {

    /**
     * Creates the event.
     *
     * @param correlationId the job's id
     * @param jobType the job's class
     */
    public JobStartedEvent(String correlationId, Class<? extends BaseJob> jobType) {
        super(correlationId, jobType);
    }
}

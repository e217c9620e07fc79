package dev.orchestrator.event;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.logging.LogText;
import java.util.Objects;

/**
 * Base of the lifecycle events that the framework emits about a job it runs (and only the framework:
 * {@link dev.orchestrator.bus.SignalBus#emit} refuses one from anywhere else). The correlation id is the job's
 * id; {@link #jobType()} is the class of the job.
 *
 * <p>For one job, every subscriber sees {@link JobStartedEvent} (unless the job was cancelled
 * before it started), then any number of {@link JobProgressEvent} and {@link JobRetryingEvent},
 * then exactly one terminal event ({@link #isTerminal()}): {@link JobSuccessEvent},
 * {@link JobFailureEvent} or {@link JobCancelledEvent}. A timeout is announced by
 * {@link JobTimeoutEvent} right before its {@link JobFailureEvent}.
 */
public abstract sealed class JobEvent extends BaseEvent
        permits JobStartedEvent,
                JobProgressEvent,
                JobRetryingEvent,
                JobTimeoutEvent,
                JobSuccessEvent,
                JobFailureEvent,
                JobCancelledEvent {

    private final Class<? extends BaseJob> jobType;

    /**
     * Package-private: lifecycle events are the framework's own (a job has exactly one ending).
     * Domain events extend {@link BaseEvent}.
     *
     * @param correlationId the job's id
     * @param jobType the job's class, not {@code null}
     */
    JobEvent(String correlationId, Class<? extends BaseJob> jobType) {
        super(correlationId);
        this.jobType = Objects.requireNonNull(jobType, "jobType must not be null");
    }

    /** A copy of another event about the same job, at the same time. */
    JobEvent(JobEvent original) {
        super(original);
        this.jobType = original.jobType;
    }

    /** {@return the class of the job this event is about} */
    public final Class<? extends BaseJob> jobType() {
        return jobType;
    }

    /** {@return whether this event ends the job: success, failure or cancellation} */
    public boolean isTerminal() {
        return false;
    }

    /**
     * Names this event for a log line: its type, the job's type and the quoted job id, never the
     * job's data, result or progress message.
     *
     * @return for example {@code JobSuccessEvent[job=UploadJob, id='…']}
     */
    @Override
    public final String logName() {
        return getClass().getSimpleName() + "[job=" + jobType.getSimpleName() + ", id=" + LogText.quote(correlationId())
                + "]";
    }

    @Override
    public String toString() {
        String details = describe();
        return getClass().getSimpleName() + "[correlationId=" + correlationId() + ", jobType=" + jobType.getSimpleName()
                + (details.isEmpty() ? "" : ", " + details) + "]";
    }
}

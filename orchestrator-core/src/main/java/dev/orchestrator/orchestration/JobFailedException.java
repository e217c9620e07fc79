package dev.orchestrator.orchestration;

/**
 * A job failed or timed out, as told by a handle that was looked up after the job ended
 * ({@link JobHandle#result()}): the registry keeps the error's summary, not the error itself.
 */
public class JobFailedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The id of the job that failed. */
    private final String jobId;

    /** How the job ended: failure or timeout. */
    private final JobOutcome outcome;

    /**
     * Creates the exception.
     *
     * @param jobId the job's id
     * @param outcome {@link JobOutcome#FAILURE} or {@link JobOutcome#TIMEOUT}
     * @param errorSummary the error's class and message, as the registry keeps it
     */
    public JobFailedException(String jobId, JobOutcome outcome, String errorSummary) {
        super("Job '" + jobId + "' ended with " + outcome + ": " + errorSummary);
        this.jobId = jobId;
        this.outcome = outcome;
    }

    /** {@return the id of the job that failed} */
    public String jobId() {
        return jobId;
    }

    /** {@return how the job ended: failure or timeout} */
    public JobOutcome outcome() {
        return outcome;
    }
}

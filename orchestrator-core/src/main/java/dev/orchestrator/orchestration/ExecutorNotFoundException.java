package dev.orchestrator.orchestration;

/** Thrown by {@link Dispatcher#dispatch} when no executor is registered for the job's type. */
public class ExecutorNotFoundException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Class<?> jobType;

    /**
     * Creates the exception for a job type without an executor.
     *
     * @param jobType the job type nobody handles
     * @param registered a description of the types that are registered
     */
    public ExecutorNotFoundException(Class<?> jobType, String registered) {
        super("No executor registered for job type " + jobType.getName() + "; registered job types: " + registered);
        this.jobType = jobType;
    }

    /** {@return the job type nobody handles} */
    public Class<?> jobType() {
        return jobType;
    }
}

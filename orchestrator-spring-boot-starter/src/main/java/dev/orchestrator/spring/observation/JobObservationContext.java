package dev.orchestrator.spring.observation;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.orchestration.JobOutcome;
import io.micrometer.observation.Observation;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the observation of one job ({@link JobObservationDocumentation#JOB}) knows about it, for a
 * {@link JobObservationConvention} to name it and give it keys: its id, type, executor and bus from
 * the start, how many attempts ran, and how it ended once it has. The starter creates one context
 * per job and updates it as the job goes on; the values are safely published to whichever thread
 * reads them (a job's lifecycle moves between worker, timer and cluster threads). Never
 * {@code null}: the job's id, type, executor and bus.
 */
public class JobObservationContext extends Observation.Context {

    private final String jobId;
    private final Class<? extends BaseJob> jobType;
    private final String executor;
    private final String bus;
    private volatile int attempts;
    private volatile @Nullable JobOutcome outcome;

    /**
     * Creates the context of one job, before it is observed.
     *
     * @param jobId the job's id
     * @param jobType the job's class
     * @param executor the name of the executor that runs it
     * @param bus the name of the bus its events go to
     */
    public JobObservationContext(String jobId, Class<? extends BaseJob> jobType, String executor, String bus) {
        this.jobId = Objects.requireNonNull(jobId, "jobId must not be null");
        this.jobType = Objects.requireNonNull(jobType, "jobType must not be null");
        this.executor = Objects.requireNonNull(executor, "executor must not be null");
        this.bus = Objects.requireNonNull(bus, "bus must not be null");
    }

    /** {@return the job's id: unbounded, a high-cardinality value} */
    public String getJobId() {
        return jobId;
    }

    /** {@return the job's class} */
    public Class<? extends BaseJob> getJobType() {
        return jobType;
    }

    /** {@return the name of the executor that runs the job} */
    public String getExecutor() {
        return executor;
    }

    /** {@return the name of the bus the job's events go to} */
    public String getBus() {
        return bus;
    }

    /**
     * {@return the attempts that ran so far, numbered from 1: the current one while an attempt runs, 0
     * for a job cancelled before its first}
     */
    public int getAttempts() {
        return attempts;
    }

    /**
     * Sets the number of attempts that ran (the starter does, at each start, retry and ending).
     *
     * @param attempts the attempts so far, at least 0
     * @throws IllegalArgumentException when {@code attempts} is negative
     */
    public void setAttempts(int attempts) {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be >= 0, was " + attempts);
        }
        this.attempts = attempts;
    }

    /** {@return how the job ended; empty while it runs} */
    public Optional<JobOutcome> getOutcome() {
        return Optional.ofNullable(outcome);
    }

    /**
     * Sets how the job ended (the starter does, just before the observation stops).
     *
     * @param outcome how it ended, not {@code null}
     */
    public void setOutcome(JobOutcome outcome) {
        this.outcome = Objects.requireNonNull(outcome, "outcome must not be null");
    }
}

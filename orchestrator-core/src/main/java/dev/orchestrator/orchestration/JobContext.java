package dev.orchestrator.orchestration;

/**
 * What an executor can learn about the attempt it is running, beyond the job's own data: which
 * attempt this is and how many the job may have. Get it with {@link BaseExecutor#context}.
 *
 * <p>Attempts are numbered from 1, as everywhere in the framework: events, snapshots, finished
 * jobs, the actuator and log lines. A context is a live view of one running job: thread-safe, and
 * its answers change as the job moves on.
 */
public interface JobContext {

    /** {@return the id of the job} */
    String jobId();

    /** {@return the attempt running now, numbered from 1} */
    int attempt();

    /** {@return the most attempts the job's retry policy allows, the first one included} */
    int maxAttempts();

    /**
     * {@return how many times the job has been handed to an instance to run: 1 for a job dispatched
     * in one JVM; in cluster mode more than 1 when an instance that had it stopped before it ended
     * (execution is at least once: an executor whose work must not happen twice checks this, or
     * makes its work idempotent)} The default, for contexts other than the framework's, is 1.
     */
    default int deliveryCount() {
        return 1;
    }

    /** {@return whether this is the last attempt the retry policy allows} */
    default boolean isLastAttempt() {
        return attempt() >= maxAttempts();
    }

    /**
     * {@return whether the job has ended (cancelled or timed out) or its cancellation token is
     * cancelled: work should stop at the next safe point}
     */
    boolean isCancelled();
}

package dev.orchestrator.cluster;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A job on its way to whichever instance of a cluster runs it: what a job record carries. The
 * timeout and retry policy are the ones in force where the job was dispatched (the job's own, else
 * that instance's defaults for its type), so every instance runs it the same way. The timeout
 * counts from the start of the job on the instance that runs it, as in one JVM. Immutable.
 *
 * @param job the job (its id is the job's id), not {@code null}
 * @param busName the name of the bus it was dispatched on, not {@code null}
 * @param origin the id of the instance that dispatched it (its events go there), not {@code null}
 * @param timeout the timeout as dispatched, or {@code null} for none
 * @param retryPolicy the retry policy as dispatched, not {@code null}
 * @param dispatchedAt when it was dispatched, not {@code null}
 * @param chainDepth the chain depth of the reaction that dispatched it (see
 *     {@link dev.orchestrator.event.EventChain}), not negative
 */
public record JobTicket(
        BaseJob job,
        String busName,
        String origin,
        @Nullable Duration timeout,
        RetryPolicy retryPolicy,
        Instant dispatchedAt,
        int chainDepth) {

    /**
     * Checks the components.
     *
     * @param job the job, not {@code null}
     * @param busName the name of the bus it was dispatched on, not {@code null}
     * @param origin the id of the dispatching instance, not {@code null}
     * @param timeout the timeout as dispatched, or {@code null} for none
     * @param retryPolicy the retry policy as dispatched, not {@code null}
     * @param dispatchedAt when it was dispatched, not {@code null}
     * @param chainDepth the chain depth of its dispatch, not negative
     * @throws IllegalArgumentException when {@code chainDepth} is negative or the timeout not positive
     */
    public JobTicket {
        Objects.requireNonNull(job, "job must not be null");
        Objects.requireNonNull(busName, "busName must not be null");
        Objects.requireNonNull(origin, "origin must not be null");
        Objects.requireNonNull(retryPolicy, "retryPolicy must not be null");
        Objects.requireNonNull(dispatchedAt, "dispatchedAt must not be null");
        if (chainDepth < 0) {
            throw new IllegalArgumentException("chainDepth must be >= 0, was " + chainDepth);
        }
        if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
    }

    /** {@return the job's id} */
    public String jobId() {
        return job.id();
    }
}

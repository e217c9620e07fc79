package dev.orchestrator.test;

import dev.orchestrator.job.BaseJob;
import dev.orchestrator.retry.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.assertj.core.api.AbstractObjectAssert;
import org.jspecify.annotations.Nullable;

/**
 * Assertions about a job (the command, not its run): its type, id, timeout, cancellation token and
 * retry policy. Made by {@link OrchestratorAssertions#assertThat(BaseJob)}; for the events of a
 * job's run, see {@link RecorderAssert#job(String)}. Not thread-safe (one test thread). Extends
 * AssertJ's object assertions, so statically importing this class beside AssertJ's keeps them.
 */
public final class JobAssert extends AbstractObjectAssert<JobAssert, BaseJob> {

    JobAssert(@Nullable BaseJob actual) {
        super(actual, JobAssert.class);
    }

    /**
     * Checks the job's class (exactly, as the dispatcher routes it).
     *
     * @param type the expected class
     * @return this
     */
    public JobAssert isOfType(Class<? extends BaseJob> type) {
        isNotNull();
        if (actual.getClass() != type) {
            failWithMessage(
                    "Expected a %s, but was a %s: %s",
                    type.getSimpleName(), actual.getClass().getSimpleName(), actual);
        }
        return this;
    }

    /**
     * Checks the job's id.
     *
     * @param id the expected id
     * @return this
     */
    public JobAssert hasId(String id) {
        isNotNull();
        if (!actual.id().equals(id)) {
            failWithMessage("Expected the id '%s', but was '%s'", id, actual.id());
        }
        return this;
    }

    /**
     * Checks the job's own timeout.
     *
     * @param timeout the expected timeout
     * @return this
     */
    public JobAssert hasTimeout(Duration timeout) {
        isNotNull();
        if (!actual.timeout().equals(Optional.of(timeout))) {
            failWithMessage(
                    "Expected a timeout of %s, but the job has %s",
                    timeout, actual.timeout().map(Duration::toString).orElse("none"));
        }
        return this;
    }

    /** {@return this, after checking the job has no timeout of its own} */
    public JobAssert hasNoTimeout() {
        isNotNull();
        if (actual.timeout().isPresent()) {
            failWithMessage(
                    "Expected no timeout, but the job has %s", actual.timeout().get());
        }
        return this;
    }

    /** {@return this, after checking the job carries a cancellation token} */
    public JobAssert hasCancellationToken() {
        isNotNull();
        if (actual.cancellationToken().isEmpty()) {
            failWithMessage("Expected a cancellation token, but %s has none", actual);
        }
        return this;
    }

    /** {@return this, after checking the job carries a retry policy of its own} */
    public JobAssert hasRetryPolicy() {
        isNotNull();
        if (actual.retryPolicy().isEmpty()) {
            failWithMessage("Expected a retry policy, but %s has none", actual);
        }
        return this;
    }

    /**
     * Checks the job's own retry policy with the given assertions.
     *
     * @param requirements assertions about the policy (AssertJ's, for example)
     * @return this
     */
    public JobAssert hasRetryPolicySatisfying(Consumer<RetryPolicy> requirements) {
        hasRetryPolicy();
        requirements.accept(actual.retryPolicy().orElseThrow());
        return this;
    }

    /**
     * Checks that the job's own retry policy allows that many retries.
     *
     * @param maxRetries the expected number of retries after the first attempt
     * @return this
     */
    public JobAssert hasMaxRetries(int maxRetries) {
        hasRetryPolicy();
        int actualRetries = actual.retryPolicy().orElseThrow().maxRetries();
        if (actualRetries != maxRetries) {
            failWithMessage("Expected %d retries, but the job's policy allows %d", maxRetries, actualRetries);
        }
        return this;
    }
}
